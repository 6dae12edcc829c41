import { describe, expect, it } from 'vitest';
import { privateKeyMatching } from './key-possession.ts';
import { type KeyKind, exportPrivateJwk, exportPublicKey, generateKeyPair } from './keys.ts';

async function pair(kind: KeyKind): Promise<{ jwk: JsonWebKey; publicKey: Uint8Array<ArrayBuffer> }> {
  const keys = await generateKeyPair(kind, true);
  return { jwk: await exportPrivateJwk(keys.privateKey), publicKey: await exportPublicKey(keys.publicKey) };
}

describe('a private key handed over, against the public key the caller verified', () => {
  for (const kind of ['signing', 'encryption'] as const) {
    it(`accepts the private half of the verified ${kind} key, and it works`, async () => {
      const own = await pair(kind);
      const key = await privateKeyMatching(own.jwk, kind, own.publicKey);
      expect(key?.type).toBe('private');
      expect(key?.extractable).toBe(false);
    });

    it(`refuses a foreign ${kind} key (one a dishonest server made)`, async () => {
      const [own, foreign] = await Promise.all([pair(kind), pair(kind)]);
      expect(await privateKeyMatching(foreign.jwk, kind, own.publicKey)).toBeUndefined();
    });

    it(`refuses a ${kind} JWK naming the verified point with a foreign private scalar`, async () => {
      // The public-half comparison alone would pass this one; the import or the use must not.
      const [own, foreign] = await Promise.all([pair(kind), pair(kind)]);
      expect(await privateKeyMatching({ ...own.jwk, d: foreign.jwk.d }, kind, own.publicKey)).toBeUndefined();
    });
  }

  it('refuses a key of the other kind, and anything that is not a P-256 private JWK', async () => {
    const own = await pair('encryption');
    expect(await privateKeyMatching(own.jwk, 'signing', own.publicKey)).toBeUndefined();
    for (const junk of [null, 'key', 7, {}, { ...own.jwk, d: undefined }, { ...own.jwk, crv: 'P-384' }, { ...own.jwk, x: 'AAAA' }])
      expect(await privateKeyMatching(junk, 'encryption', own.publicKey)).toBeUndefined();
  });
});
