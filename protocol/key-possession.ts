/**
 * Whether a private key handed over by someone else (an office key grant the server delivers,
 * protocol/office-keyring.ts) is the private half of a public key the caller verified itself (the
 * office certificate's identity key, a daily-key record signed by it). Anyone who knows a device's
 * public key can seal a grant to it, so what a grant holds proves nothing until it matches.
 *
 * Two checks, both on public data only (no constant-time comparison needed):
 * 1. the public point the JWK names (x, y) is the verified one, byte for byte;
 * 2. the private scalar really belongs to that point: WebCrypto in Chromium and Node refuses a JWK
 *    whose d does not match x and y at import, but not every engine is known to, so the key must
 *    also do its job once: sign something that verifies under the verified public key, or open
 *    something sealed to it.
 */
import { type Bytes, randomBytes, utf8 } from './bytes.ts';
import { open, seal } from './hybrid.ts';
import { type KeyKind, importPrivateJwk, publicKeyFromPrivateJwk } from './keys.ts';
import { signFields, verifyFields } from './signing.ts';

const POSSESSION_LABEL = 'luca-next/v1/key-possession';
const POSSESSION_PURPOSE = 'key-possession';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The imported private key if `jwk` is the private half of `expectedPublic` (a 65-byte point);
 * otherwise undefined, for a foreign key and for anything that is not a P-256 private JWK alike.
 * The key is imported non-extractable: a caller that seals it on keeps the JWK it checked.
 */
export async function privateKeyMatching(jwk: unknown, kind: KeyKind, expectedPublic: Bytes): Promise<CryptoKey | undefined> {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const candidate = jwk as JsonWebKey;
  try {
    if (!sameBytes(await publicKeyFromPrivateJwk(candidate, kind), expectedPublic)) return undefined;
    const privateKey = await importPrivateJwk(candidate, kind);
    const challenge = randomBytes(32);
    if (kind === 'signing') {
      const signature = await signFields(privateKey, POSSESSION_LABEL, challenge);
      return (await verifyFields(expectedPublic, signature, POSSESSION_LABEL, challenge)) ? privateKey : undefined;
    }
    const ad = utf8(POSSESSION_LABEL);
    const opened = await open(
      privateKey,
      expectedPublic,
      await seal(expectedPublic, challenge, ad, POSSESSION_PURPOSE),
      ad,
      POSSESSION_PURPOSE,
    );
    return sameBytes(opened, challenge) ? privateKey : undefined;
  } catch {
    // Not a P-256 key of this kind, or one that cannot open what was sealed to the verified key.
    return undefined;
  }
}
