import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TAN_ALPHABET,
  TAN_DATA_LENGTH,
  TAN_LENGTH,
  TAN_LOOKUP_LENGTH,
  formatTan,
  generateTan,
  lookupHash,
  parseTan,
  parseTanLookup,
  tanFromBytes,
  tanLookup,
  drawTanLookup,
  generateTanSecret,
  tanFromParts,
  tanSecret,
} from './tan.ts';

// From fast-check's bytes, so a failing TAN is replayed and shrunk like any other counterexample.
const tanArbitrary = fc.uint8Array({ minLength: TAN_DATA_LENGTH, maxLength: TAN_DATA_LENGTH }).map(tanFromBytes);

describe('TAN codec', () => {
  it('generates TANs that parse, also as read aloud with dashes, spaces and lower case', () => {
    fc.assert(
      fc.property(tanArbitrary, (tan) => {
        expect(tan).toHaveLength(TAN_LENGTH);
        expect(parseTan(tan)).toBe(tan);
        expect(parseTan(` ${formatTan(tan).toLowerCase()} `)).toBe(tan);
      }),
    );
  });

  it('reads the look-alikes O, I and L as 0, 1 and 1', () => {
    const tan = generateTan();
    const spoken = tan.replace(/0/g, 'O').replace(/1/g, 'I');
    expect(parseTan(spoken)).toBe(tan);
  });

  it('catches every single wrong character', () => {
    fc.assert(
      fc.property(tanArbitrary, fc.nat(TAN_LENGTH - 1), fc.integer({ min: 1, max: TAN_ALPHABET.length - 1 }), (tan, position, shift) => {
        const index = TAN_ALPHABET.indexOf(tan.charAt(position));
        const wrong = tan.slice(0, position) + TAN_ALPHABET.charAt((index + shift) % TAN_ALPHABET.length) + tan.slice(position + 1);
        expect(() => parseTan(wrong)).toThrow('typo');
      }),
    );
  });

  it('catches swapped neighbours (except the one pair Luhn mod N cannot see: 0 and Z)', () => {
    fc.assert(
      fc.property(tanArbitrary, fc.nat(TAN_LENGTH - 2), (tan, position) => {
        const a = tan.charAt(position);
        const b = tan.charAt(position + 1);
        fc.pre(a !== b && !(new Set([a, b]).has('0') && new Set([a, b]).has('Z')));
        const swapped = tan.slice(0, position) + b + a + tan.slice(position + 2);
        expect(() => parseTan(swapped)).toThrow('typo');
      }),
    );
  });

  it('spreads symbols evenly (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) for (const symbol of generateTan().slice(0, -1)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 33,000 draws over 32 symbols: expected ~1031 each; 800 would be a >7 sigma deviation.
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });

  it('refuses wrong lengths and foreign characters', () => {
    expect(() => parseTan('ABC')).toThrow('12 characters');
    expect(() => parseTan('UUUUUUUUUUUU')).toThrow('12 characters');
  });
});

describe('TAN lookup', () => {
  it('reads the lookup as people write it and refuses anything longer or shorter', () => {
    expect(parseTanLookup(' ab-c1o2 ')).toBe('ABC102');
    expect(() => parseTanLookup('ABC10')).toThrow('6 characters');
    // A whole TAN is not a lookup: the secret part must never be accepted by the server.
    expect(() => parseTanLookup(generateTan())).toThrow('6 characters');
  });

  it('hashes only the lookup, under its own label', async () => {
    const tan = generateTan();
    expect(await lookupHash(tanLookup(tan))).toBe(await lookupHash(tan.slice(0, TAN_LOOKUP_LENGTH)));
    expect(await lookupHash('ABC102')).not.toBe(await lookupHash('ABC103'));
  });
});

describe('TAN from two parts', () => {
  it('completes the server’s lookup and the device’s secret to a TAN that parses back into both', () => {
    for (let i = 0; i < 200; i++) {
      const lookup = drawTanLookup();
      const secret = generateTanSecret();
      const tan = tanFromParts(lookup, secret);
      expect(parseTan(formatTan(tan))).toBe(tan);
      expect(tanLookup(tan)).toBe(lookup);
      expect(tanSecret(tan)).toBe(secret);
    }
  });

  it('draws both parts uniformly from the alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++)
      for (const symbol of drawTanLookup() + generateTanSecret()) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 33,000 draws over 32 symbols: expected ~1031 each; 800 would be a >7 sigma deviation.
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });

  it('refuses parts of the wrong length or outside the alphabet', () => {
    expect(() => tanFromParts('ABC10', 'DEFGH')).toThrow('lookup');
    expect(() => tanFromParts('ABC102', 'DEFGHJ')).toThrow('lookup');
    expect(() => tanFromParts('ABC10U', 'DEFGH')).toThrow('lookup');
  });
});
