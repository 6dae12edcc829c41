import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  KIT_PASSPHRASE_WORDS,
  type KitPassphrase,
  MIN_KIT_PASSPHRASE_BITS,
  checkTypedBack,
  drawKitPassphrase,
  isKitPassphrase,
  kitPassphraseCandidates,
  passphraseBits,
  passphraseWords,
  uniformIndex,
} from './kit-passphrase.ts';
import { loadKitWords } from './kit-words.ts';

let list: readonly string[];
beforeAll(async () => {
  list = await loadKitWords();
});

/** A random source that hands out `values` in turn, so a test decides what the generator sees. */
function sequence(...values: number[]): () => number {
  let next = 0;
  return () => {
    const value = values[next++];
    if (value === undefined) throw new Error('the test ran out of random values');
    return value;
  };
}

describe('the kit passphrase word list', () => {
  it('gives a drawn passphrase at least 70 bits, computed from the list as shipped', () => {
    // Entropy counts distinct words only; the list is exactly as long as it has distinct words.
    expect(new Set(list).size).toBe(list.length);
    expect(list.length).toBe(7772);
    expect(KIT_PASSPHRASE_WORDS).toBeGreaterThanOrEqual(6);
    const bits = passphraseBits(list);
    expect(bits).toBeCloseTo(KIT_PASSPHRASE_WORDS * Math.log2(list.length), 10);
    expect(bits).toBeGreaterThanOrEqual(MIN_KIT_PASSPHRASE_BITS);
    expect(bits).toBeGreaterThan(77.5);
  });

  it('holds only lower-case words, none a prefix of another, so a typed-back passphrase splits one way', () => {
    expect(list.every((word) => /^[a-z]{3,9}$/.test(word))).toBe(true);
    const sorted = [...list].sort();
    expect(sorted.some((word, index) => index > 0 && word.startsWith(sorted[index - 1] ?? '\u0000'))).toBe(false);
  });
});

describe('drawing a kit passphrase', () => {
  it('draws six words of the list, joined by single spaces', () => {
    const passphrase = drawKitPassphrase(list);
    const words = passphrase.split(' ');
    expect(words).toHaveLength(KIT_PASSPHRASE_WORDS);
    expect(words.every((word) => list.includes(word))).toBe(true);
    expect(isKitPassphrase(passphrase)).toBe(true);
    // Two draws alike would mean a broken random source (the chance is 2^-77).
    expect(drawKitPassphrase(list)).not.toBe(passphrase);
  });

  it('maps each 32-bit value below the limit to its remainder, and draws again above it (no modulo bias)', () => {
    const bound = list.length;
    const limit = 2 ** 32 - (2 ** 32 % bound);
    // By construction every index has exactly limit / bound values behind it.
    expect(limit % bound).toBe(0);
    expect(uniformIndex(bound, sequence(0))).toBe(0);
    expect(uniformIndex(bound, sequence(limit - 1))).toBe(bound - 1);
    // The values a plain `% bound` would fold onto the first indices are drawn again.
    expect(uniformIndex(bound, sequence(limit, 2 ** 32 - 1, bound + 5))).toBe(5);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), fc.nat({ max: 2 ** 32 - 1 }), (anyBound, value) => {
        const anyLimit = 2 ** 32 - (2 ** 32 % anyBound);
        const index = uniformIndex(anyBound, sequence(value, 0));
        expect(index).toBe(value < anyLimit ? value % anyBound : 0);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThan(anyBound);
      }),
    );
  });

  it('spreads real draws evenly (a cheap check of the wiring to crypto.getRandomValues)', () => {
    const counts = new Array<number>(6).fill(0);
    for (let draw = 0; draw < 60_000; draw++) {
      const index = uniformIndex(6);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    // 10,000 expected each; ±600 is more than 6 standard deviations (about 91).
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(600);
  });

  it('takes the word at each drawn index', () => {
    expect(drawKitPassphrase(list, sequence(0, 1, 2, 3, 4, list.length - 1))).toBe(
      [list[0], list[1], list[2], list[3], list[4], list[list.length - 1]].join(' '),
    );
  });

  it('refuses a list too small for 70 bits, or with words the type-back could not read back', () => {
    // 3,000 distinct words give 6 × log2(3000) ≈ 69.3 bits; a list padded with repeats counts no more.
    const letters = (index: number): string =>
      (index < 26 ? '' : letters(Math.floor(index / 26) - 1)) + String.fromCharCode(97 + (index % 26));
    const small = Array.from({ length: 3000 }, (_, index) => letters(index));
    expect(new Set(small).size).toBe(3000);
    expect(() => drawKitPassphrase(small)).toThrow('too small');
    expect(() => drawKitPassphrase([...small, ...small, ...small])).toThrow('too small');
    expect(() => drawKitPassphrase(['alpha', 'beta', 'gamma'])).toThrow('too small');
    expect(() => drawKitPassphrase([...list.slice(1), 'yo-yo'])).toThrow('not lower-case letters');
  });
});

describe('typing a kit passphrase back', () => {
  const shown = 'abacus zoom acid bagel ample zoning' as KitPassphrase;

  it('accepts the words in any case, with extra spaces, dashes or line breaks between them', () => {
    for (const typed of [
      'abacus zoom acid bagel ample zoning',
      '  Abacus   ZOOM acid bagel ample zoning  ',
      'abacus-zoom-acid-bagel-ample-zoning',
      'Abacus – Zoom — Acid - Bagel_Ample\nZoning',
      'ABACUS ZOOM ACID BAGEL AMPLE ZONING',
    ]) {
      expect(checkTypedBack(shown, typed)).toEqual({ ok: true });
      expect(passphraseWords(typed).join(' ')).toBe(shown);
    }
  });

  it('refuses a wrong word, a word left out, words run together and nothing, saying which', () => {
    expect(checkTypedBack(shown, 'abacus zoom acid bagle ample zoning')).toEqual({ ok: false, problem: 'word', position: 4 });
    expect(checkTypedBack(shown, 'zoom abacus acid bagel ample zoning')).toEqual({ ok: false, problem: 'word', position: 1 });
    expect(checkTypedBack(shown, 'abacus zoom acid bagel ample')).toEqual({ ok: false, problem: 'count', expected: 6, typed: 5 });
    expect(checkTypedBack(shown, 'abacuszoom acid bagel ample zoning')).toEqual({ ok: false, problem: 'count', expected: 6, typed: 5 });
    expect(checkTypedBack(shown, ' \n ')).toEqual({ ok: false, problem: 'empty' });
  });

  it('catches every single changed word of any drawn passphrase', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 2 ** 32 - 1 }), { minLength: 12, maxLength: 12 }),
        fc.nat(KIT_PASSPHRASE_WORDS - 1),
        (values, position) => {
          const drawn = drawKitPassphrase(list, sequence(...values));
          const words = drawn.split(' ');
          const other = list.find((word) => word !== words[position]) ?? '';
          words[position] = other;
          expect(checkTypedBack(drawn, words.join(' '))).toEqual({ ok: false, problem: 'word', position: position + 1 });
          expect(checkTypedBack(drawn, drawn.toUpperCase().replaceAll(' ', ' - '))).toEqual({ ok: true });
        },
      ),
    );
  });
});

describe('opening a kit with a typed passphrase', () => {
  it('tries the text as typed first, then a drawn passphrase’s canonical form', () => {
    expect(kitPassphraseCandidates('abacus zoom acid bagel ample zoning')).toEqual(['abacus zoom acid bagel ample zoning']);
    expect(kitPassphraseCandidates('Abacus-Zoom-Acid-Bagel-Ample-Zoning')).toEqual([
      'Abacus-Zoom-Acid-Bagel-Ample-Zoning',
      'abacus zoom acid bagel ample zoning',
    ]);
    // A passphrase chosen before passphrases were drawn is tried exactly as typed, and only so.
    expect(kitPassphraseCandidates('Sonnenblumenkerne 2026')).toEqual(['Sonnenblumenkerne 2026']);
    expect(kitPassphraseCandidates('passwort1234')).toEqual(['passwort1234']);
  });
});
