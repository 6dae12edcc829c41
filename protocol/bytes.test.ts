import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError, encodeFields, fromBase64Url, toBase64Url } from './bytes.ts';

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('refuses padding, the standard alphabet and non-canonical spellings', () => {
    // 'AB' sets bits that the decoded byte cannot hold: its canonical spelling is 'AA'.
    for (const text of ['AA==', 'a+b/', 'AB', 'A', ' AAAA']) expect(() => fromBase64Url(text)).toThrow(ProtocolError);
    expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
  });
});

describe('field encoding', () => {
  it('never encodes two different field lists to the same bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), fc.array(fc.string(), { maxLength: 5 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(toBase64Url(encodeFields('l', ...a))).not.toBe(toBase64Url(encodeFields('l', ...b)));
      }),
    );
  });
});
