/**
 * Signatures over domain-separated field lists (bytes.ts encodeFields): ECDSA P-256 with SHA-256,
 * IEEE P1363 encoding (64 bytes), in the one valid encoding ecdsa.ts keeps (low s). Every signed
 * object in the protocol has its own label, so a signature made for one purpose can never be
 * replayed as another; and it has one valid signature encoding, so it cannot be replayed as itself
 * re-encoded either.
 */
import { type Bytes, encodeFields } from './bytes.ts';
import { SIGNATURE_LENGTH, signEcdsa, verifyEcdsa } from './ecdsa.ts';
import { importPublicKey } from './keys.ts';

export { SIGNATURE_LENGTH };

export async function signFields(privateKey: CryptoKey, label: string, ...fields: readonly (string | Uint8Array)[]): Promise<Bytes> {
  return signEcdsa(privateKey, encodeFields(label, ...fields));
}

/** False for a wrong signature, one not in its one valid encoding (ecdsa.ts), one of the wrong length, or a malformed public key. */
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
  return verifyEcdsa(key, signature, encodeFields(label, ...fields));
}
