/**
 * The recovery kit's passphrase (trust model 16): the app draws it, nobody chooses it. A chosen
 * passphrase ("passwort1234") falls to a dictionary within hours to weeks even behind PBKDF2 at
 * 600,000 iterations; six words drawn uniformly and independently from a list of 7,772 give
 * 6 × log2(7772) ≈ 77.5 bits, out of reach of any such search.
 *
 * The canonical form, the one the kit's key is derived from, is the words in lower case joined by
 * single spaces. The owner types it back before the keys are made; case, extra spaces and dashes
 * between the words do not count (`passphraseWords`). The list comes from `kit-words.ts`; this
 * module is pure, so the Worker (which imports recovery-kit.ts) never bundles the list.
 */
import { randomBytes } from './bytes.ts';

/** Words in a drawn passphrase. */
export const KIT_PASSPHRASE_WORDS = 6;
/** The least entropy a drawn passphrase may have; a list too small for it is refused. */
export const MIN_KIT_PASSPHRASE_BITS = 70;

declare const drawn: unique symbol;
/** A passphrase the app drew (`drawKitPassphrase`): the only kind a new kit is made under. */
export type KitPassphrase = string & { readonly [drawn]: true };

/** 32 random bits; tests pass a fixed sequence instead. */
export type RandomUint32 = () => number;

const cryptoUint32: RandomUint32 = () => new DataView(randomBytes(4).buffer).getUint32(0);

const UINT32_RANGE = 2 ** 32;

/**
 * A uniform index in [0, bound). Values from the largest multiple of `bound` below 2^32 up are
 * drawn again, so every index has exactly the same number of 32-bit values behind it: no modulo
 * bias (a plain `value % bound` would favour the first 2^32 mod bound indices).
 */
export function uniformIndex(bound: number, random: RandomUint32 = cryptoUint32): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > UINT32_RANGE) throw new RangeError(`no uniform index below ${bound}`);
  const limit = UINT32_RANGE - (UINT32_RANGE % bound);
  for (;;) {
    const value = random();
    if (value < limit) return value % bound;
  }
}

/** The entropy of a passphrase of `count` words drawn from `list`, counted over its distinct words. */
export function passphraseBits(list: readonly string[], count = KIT_PASSPHRASE_WORDS): number {
  return count * Math.log2(new Set(list).size);
}

/** One word: lower-case letters only, so that the separators below can never be part of one. */
const WORD = /^\p{Ll}+$/u;

/**
 * Draws a passphrase: each word independently and uniformly from `list`. Refuses a list that
 * would give less than MIN_KIT_PASSPHRASE_BITS or holds a word the type-back could not read back.
 */
export function drawKitPassphrase(list: readonly string[], random: RandomUint32 = cryptoUint32): KitPassphrase {
  if (passphraseBits(list) < MIN_KIT_PASSPHRASE_BITS) throw new RangeError('the word list is too small for a kit passphrase');
  if (!list.every((word) => WORD.test(word))) throw new RangeError('the word list holds a word that is not lower-case letters');
  const words = Array.from({ length: KIT_PASSPHRASE_WORDS }, () => list[uniformIndex(list.length, random)]);
  return words.join(' ') as KitPassphrase;
}

/** Spaces of any kind, dashes of any kind and underscores: what people put between words. */
const SEPARATORS = /[\s\p{Pd}_]+/u;

/** The words of a typed passphrase: case, separators and surrounding space do not count. */
export function passphraseWords(typed: string): string[] {
  return typed
    .normalize('NFKC')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((word) => word !== '');
}

export type TypedBack =
  | { ok: true }
  | { ok: false; problem: 'empty' }
  | { ok: false; problem: 'count'; expected: number; typed: number }
  | { ok: false; problem: 'word'; position: number };

/** Whether the owner typed back the passphrase shown; if not, what to tell them (the first wrong word, 1-based). */
export function checkTypedBack(shown: KitPassphrase, typed: string): TypedBack {
  const expected = passphraseWords(shown);
  const words = passphraseWords(typed);
  if (words.length === 0) return { ok: false, problem: 'empty' };
  if (words.length !== expected.length) return { ok: false, problem: 'count', expected: expected.length, typed: words.length };
  const wrong = words.findIndex((word, index) => word !== expected[index]);
  return wrong === -1 ? { ok: true } : { ok: false, problem: 'word', position: wrong + 1 };
}

/** A drawn passphrase's canonical shape (without the list: this check runs where the list is not loaded). */
export function isKitPassphrase(text: string): text is KitPassphrase {
  const words = text.split(' ');
  return words.length === KIT_PASSPHRASE_WORDS && words.every((word) => WORD.test(word));
}

/**
 * What to try when opening a kit with a typed passphrase: the text exactly as typed first (kits
 * made before passphrases were drawn carry whatever their owner chose), then, if it reads as a
 * drawn passphrase typed with other case or separators, its canonical form.
 */
export function kitPassphraseCandidates(typed: string): string[] {
  const canonical = passphraseWords(typed).join(' ');
  return isKitPassphrase(canonical) && canonical !== typed ? [typed, canonical] : [typed];
}
