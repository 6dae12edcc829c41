/**
 * One valid encoding per signature (ecdsa.ts): every signature the code makes has s ≤ ⌊n / 2⌋ and
 * verifies; the other encoding of a valid signature, (r, n − s), which anyone can compute, is
 * refused; so are scalars out of range. Each refusal is a plain `false`, as for a wrong signature.
 *
 * WebCrypto's own verify is called here on purpose, and only here and in the vector test: it shows
 * that the re-encoded signature is one WebCrypto accepts, so the refusal is the low-s rule's doing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Bytes, encodeFields } from './bytes.ts';
import { P256_HALF_ORDER, P256_ORDER, SIGNATURE_LENGTH, isCanonicalSignature, signEcdsa, verifyEcdsa, withNegatedS } from './ecdsa.ts';
import { exportPublicKey, generateKeyPair } from './keys.ts';
import { signFields, verifyFields } from './signing.ts';

const LABEL = 'luca-next/v1/ecdsa-test';
const TWO_256 = 1n << 256n;

let pairs: CryptoKeyPair[];
let publicRaws: Bytes[];

beforeAll(async () => {
  pairs = await Promise.all([1, 2, 3].map(() => generateKeyPair('signing')));
  publicRaws = await Promise.all(pairs.map((pair) => exportPublicKey(pair.publicKey)));
});

afterEach(() => {
  vi.restoreAllMocks();
});

function pairAt(index: number): { pair: CryptoKeyPair; raw: Bytes } {
  const pair = pairs[index];
  const raw = publicRaws[index];
  if (!pair || !raw) throw new Error(`no key ${index}`);
  return { pair, raw };
}

function scalar(bytes: Uint8Array): bigint {
  return BigInt(`0x${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('') || '0'}`);
}

const rOf = (signature: Uint8Array) => scalar(signature.subarray(0, 32));
const sOf = (signature: Uint8Array) => scalar(signature.subarray(32));

/** r ‖ s as 64 bytes, for scalars below 2^256 (the encoding cannot hold more). */
function encode(r: bigint, s: bigint): Bytes {
  const hex = r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0');
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

async function webCryptoAccepts(publicKey: CryptoKey, signature: Bytes, data: Bytes): Promise<boolean> {
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, data);
}

const keyIndex = fc.integer({ min: 0, max: 2 });
const message = fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })), { maxLength: 4 });

describe('ECDSA P-256, low s', () => {
  it('states n and ⌊n / 2⌋ as PROTOCOL.md does', () => {
    expect(P256_ORDER.toString(16)).toBe('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    expect(P256_HALF_ORDER).toBe((P256_ORDER - 1n) / 2n);
    // The document's "Signatures" section writes both in groups of eight hex digits.
    const doc = readFileSync(resolve(import.meta.dirname, '../docs/PROTOCOL.md'), 'utf8');
    const stated = (name: string) => {
      const line = doc.split('\n').find((text) => text.trimStart().startsWith(`${name} `) && text.includes('='));
      return BigInt(`0x${(line?.split('=')[1] ?? '').replace(/\(.*\)/, '').replace(/\s/g, '')}`);
    };
    expect([stated('n'), stated('⌊n / 2⌋')]).toEqual([P256_ORDER, P256_HALF_ORDER]);
    expect(SIGNATURE_LENGTH).toBe(64);
  });

  it('signs anything with s ≤ ⌊n / 2⌋, and the signature verifies', async () => {
    await fc.assert(
      fc.asyncProperty(keyIndex, message, async (index, fields) => {
        const { pair, raw } = pairAt(index);
        const signature = await signFields(pair.privateKey, LABEL, ...fields);
        expect(signature).toHaveLength(64);
        expect(sOf(signature) >= 1n && sOf(signature) <= P256_HALF_ORDER).toBe(true);
        expect(rOf(signature) >= 1n && rOf(signature) < P256_ORDER).toBe(true);
        expect(isCanonicalSignature(signature)).toBe(true);
        expect(await verifyFields(raw, signature, LABEL, ...fields)).toBe(true);
        expect(await verifyFields(pair.publicKey, signature, LABEL, ...fields)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('brings down a high s that WebCrypto signed with, to the low one that verifies', async () => {
    const { pair } = pairAt(0);
    const data = encodeFields(LABEL, 'normalised');
    const low = await signEcdsa(pair.privateKey, data);
    const high = withNegatedS(low);
    expect(sOf(high)).toBeGreaterThan(P256_HALF_ORDER);
    // WebCrypto picks either s; make it answer with the high one.
    vi.spyOn(crypto.subtle, 'sign').mockResolvedValueOnce(high.slice().buffer);
    const signed = await signEcdsa(pair.privateKey, data);
    expect(signed).toEqual(low);
    expect(await verifyEcdsa(pair.publicKey, signed, data)).toBe(true);
  });

  it('refuses (r, n − s) of any valid signature, which WebCrypto alone accepts, as it refuses a wrong one', async () => {
    await fc.assert(
      fc.asyncProperty(keyIndex, message, fc.integer({ min: 0, max: 63 }), async (index, fields, flip) => {
        const { pair, raw } = pairAt(index);
        const data = encodeFields(LABEL, ...fields);
        const signature = await signFields(pair.privateKey, LABEL, ...fields);
        const twin = withNegatedS(signature);
        expect(rOf(twin)).toBe(rOf(signature));
        expect(sOf(twin)).toBe(P256_ORDER - sOf(signature));
        expect(withNegatedS(twin)).toEqual(signature);
        // The attack is real: the re-encoded signature is valid ECDSA, and only the low-s rule refuses it.
        expect(await webCryptoAccepts(pair.publicKey, twin, data)).toBe(true);
        expect(isCanonicalSignature(twin)).toBe(false);
        const wrong = signature.slice();
        wrong[flip] = (wrong[flip] ?? 0) ^ 0x01;
        for (const refused of [twin, wrong]) {
          expect(await verifyEcdsa(pair.publicKey, refused, data)).toBe(false);
          expect(await verifyFields(raw, refused, LABEL, ...fields)).toBe(false);
          expect(await verifyFields(pair.publicKey, refused, LABEL, ...fields)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses r or s of 0, r ≥ n, s > ⌊n / 2⌋ and s ≥ n, and any other length, without an error', async () => {
    const { pair, raw } = pairAt(0);
    const fields = ['malformed'];
    const data = encodeFields(LABEL, ...fields);
    const valid = await signFields(pair.privateKey, LABEL, ...fields);
    const [r, s] = [rOf(valid), sOf(valid)];
    const outOfRange = fc.oneof(
      fc.constant({ r: 0n, s }),
      fc.constant({ r, s: 0n }),
      fc.constant({ r: 0n, s: 0n }),
      fc.bigInt({ min: P256_ORDER, max: TWO_256 - 1n }).map((big) => ({ r: big, s })),
      fc.bigInt({ min: P256_HALF_ORDER + 1n, max: TWO_256 - 1n }).map((big) => ({ r, s: big })),
      // The classic second spelling of r: r + n, where it fits in 32 bytes.
      fc.constant({ r: r + P256_ORDER < TWO_256 ? r + P256_ORDER : P256_ORDER, s }),
    );
    await fc.assert(
      fc.asyncProperty(outOfRange, async (scalars) => {
        const signature = encode(scalars.r, scalars.s);
        expect(isCanonicalSignature(signature)).toBe(false);
        expect(await verifyEcdsa(pair.publicKey, signature, data)).toBe(false);
        expect(await verifyFields(raw, signature, LABEL, ...fields)).toBe(false);
      }),
      { numRuns: 100 },
    );
    for (const length of [0, 1, 63, 65, 70, 72]) {
      const signature = new Uint8Array(length);
      signature.set(valid.subarray(0, Math.min(length, 64)));
      expect(await verifyEcdsa(pair.publicKey, signature, data), `${length} bytes`).toBe(false);
      expect(await verifyFields(raw, signature, LABEL, ...fields), `${length} bytes`).toBe(false);
    }
  });

  it('draws the line exactly at ⌊n / 2⌋ and n − 1', () => {
    expect(isCanonicalSignature(encode(1n, 1n))).toBe(true);
    expect(isCanonicalSignature(encode(P256_ORDER - 1n, P256_HALF_ORDER))).toBe(true);
    expect(isCanonicalSignature(encode(1n, P256_HALF_ORDER + 1n))).toBe(false);
    expect(isCanonicalSignature(encode(P256_ORDER, 1n))).toBe(false);
    // n is odd: s and n − s are never equal, so exactly one of them is low.
    expect(P256_ORDER % 2n).toBe(1n);
    expect(P256_ORDER - P256_HALF_ORDER).toBe(P256_HALF_ORDER + 1n);
  });

  it('is the only production code that calls WebCrypto sign or verify', () => {
    // A second call site would be a way round the rule: every signature goes through ecdsa.ts.
    // Matched: `subtle.sign`, `subtle.verify`, `subtle[…]` (a computed name), `{ sign } = subtle`.
    const call = /\bsubtle\s*(\.\s*(sign|verify)\b|\[)|\{[^}]*\b(sign|verify)\b[^}]*\}\s*=\s*(crypto\.)?subtle\b/;
    const root = resolve(import.meta.dirname, '..');
    const callers: string[] = [];
    for (const dir of ['protocol', 'client', 'web', 'widget', 'worker', 'scripts', 'bench']) {
      for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|js|mjs)$/.test(file) || /\.test\.ts$/.test(file) || file.includes('node_modules')) continue;
        const path = join(root, dir, file);
        if (relative(root, path).startsWith(join('worker', 'test'))) continue;
        if (call.test(readFileSync(path, 'utf8'))) callers.push(relative(root, path));
      }
    }
    expect(callers).toEqual(['protocol/ecdsa.ts']);
  });

  it('re-encodes only signatures with 1 ≤ s < n', () => {
    expect(() => withNegatedS(encode(1n, 0n))).toThrow(RangeError);
    expect(() => withNegatedS(encode(1n, P256_ORDER))).toThrow(RangeError);
    expect(() => withNegatedS(new Uint8Array(63))).toThrow(RangeError);
  });
});
