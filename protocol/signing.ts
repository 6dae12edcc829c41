/**
 * Signatures over domain-separated field lists (bytes.ts encodeFields): ECDSA P-256 with SHA-256,
 * IEEE P1363 encoding (64 bytes). Every signed object in the protocol has its own label, so a
 * signature made for one purpose can never be replayed as another.
 */
import { type Bytes, encodeFields } from './bytes.ts';
import { importPublicKey } from './keys.ts';

const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
export const SIGNATURE_LENGTH = 64;

export async function signFields(privateKey: CryptoKey, label: string, ...fields: readonly (string | Uint8Array)[]): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, privateKey, encodeFields(label, ...fields)));
}

/** False for a wrong signature, a signature of the wrong length, or a malformed public key. */
export async function verifyFields(
  publicKey: Uint8Array<ArrayBuffer> | CryptoKey,
  signature: Uint8Array<ArrayBuffer>,
  label: string,
  ...fields: readonly (string | Uint8Array)[]
): Promise<boolean> {
  if (signature.length !== SIGNATURE_LENGTH) return false;
  let key: CryptoKey;
  try {
    key = publicKey instanceof Uint8Array ? await importPublicKey(publicKey, 'signing') : publicKey;
  } catch {
    return false;
  }
  return crypto.subtle.verify(ECDSA_SHA256, key, signature, encodeFields(label, ...fields));
}
