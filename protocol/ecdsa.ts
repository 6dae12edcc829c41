/**
 * ECDSA P-256 with SHA-256 over raw bytes, with exactly one valid encoding per signature: "low-s".
 *
 * Why: ECDSA is malleable. If (r, s) is a valid signature, so is (r, n − s), and anyone who sees
 * the first can compute the second without the private key. The Worker's replay guards key on
 * the signature's bytes (audit_log.signature is unique: one signed entry lands once), so a second
 * encoding of one signature would let one signed act be recorded twice. WebCrypto signs with
 * either s and verifies both, so the rule is kept here, around it:
 *
 *   n = the order of P-256's base point
 *     = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
 *   a signature (IEEE P1363: r ‖ s, 32 bytes each, big-endian) is valid only if
 *     1 ≤ r ≤ n − 1  and  1 ≤ s ≤ ⌊n / 2⌋
 *   signing: if WebCrypto's s > ⌊n / 2⌋, it is replaced by n − s (which verifies alike).
 *
 * n is odd, so for every s in 1 … n − 1 exactly one of s and n − s is at most ⌊n / 2⌋: each
 * signed object has one valid signature encoding per signature made. A signature outside the
 * rule is refused like any other bad signature (false, no error of its own), so a verifier tells
 * a caller nothing about why. Every signature of the protocol is made and checked here
 * (signing.ts builds on these two functions); nothing else calls WebCrypto's sign or verify.
 *
 * The values are public (a signature is not a secret), so plain BigInt arithmetic, which is not
 * constant-time, is fine here.
 */
import type { Bytes } from './bytes.ts';

const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The length of r and of s: P-256's order takes 32 bytes. */
const SCALAR_LENGTH = 32;
export const SIGNATURE_LENGTH = 2 * SCALAR_LENGTH;

/** n, the order of the P-256 group (FIPS 186-5 / SEC 2). */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** ⌊n / 2⌋: the largest s a valid signature may carry. */
export const P256_HALF_ORDER = P256_ORDER >> 1n;

function scalarOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function scalarBytes(value: bigint): Bytes {
  const out = new Uint8Array(SCALAR_LENGTH);
  let rest = value;
  for (let i = SCALAR_LENGTH - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** r and s of a 64-byte P1363 signature, or undefined for any other length. */
function split(signature: Uint8Array): { r: bigint; s: bigint } | undefined {
  if (signature.length !== SIGNATURE_LENGTH) return undefined;
  return { r: scalarOf(signature.subarray(0, SCALAR_LENGTH)), s: scalarOf(signature.subarray(SCALAR_LENGTH)) };
}

/** The rule above, on the encoding alone: 64 bytes, 1 ≤ r < n, 1 ≤ s ≤ ⌊n / 2⌋. Says nothing of whether it verifies. */
export function isCanonicalSignature(signature: Uint8Array): boolean {
  const scalars = split(signature);
  if (!scalars) return false;
  const { r, s } = scalars;
  return r >= 1n && r < P256_ORDER && s >= 1n && s <= P256_HALF_ORDER;
}

/**
 * (r, n − s) for (r, s): the other encoding of the same signature. Signing uses it to bring a
 * high s down; the tests use it as the attacker would, to re-encode a valid signature.
 */
export function withNegatedS(signature: Uint8Array): Bytes {
  const scalars = split(signature);
  if (!scalars || scalars.s < 1n || scalars.s >= P256_ORDER) throw new RangeError('not a P-256 signature with 1 ≤ s < n');
  const out = new Uint8Array(SIGNATURE_LENGTH);
  out.set(signature.subarray(0, SCALAR_LENGTH));
  out.set(scalarBytes(P256_ORDER - scalars.s), SCALAR_LENGTH);
  return out;
}

/** Signs `data`; the signature always has s ≤ ⌊n / 2⌋. */
export async function signEcdsa(privateKey: CryptoKey, data: Bytes): Promise<Bytes> {
  const signature = new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, privateKey, data));
  const scalars = split(signature);
  // WebCrypto's ECDSA always answers P1363 of the curve's size; anything else is not ours to pass on.
  if (!scalars) throw new Error(`ECDSA P-256 signature of ${signature.length} bytes`);
  return scalars.s > P256_HALF_ORDER ? withNegatedS(signature) : signature;
}

/**
 * True only for a signature in the one valid encoding that verifies over `data` under
 * `publicKey`. A high s, r or s of 0 or not below n, or a wrong length is false, as a wrong
 * signature is: callers cannot, and need not, tell them apart.
 */
export async function verifyEcdsa(publicKey: CryptoKey, signature: Bytes, data: Bytes): Promise<boolean> {
  if (!isCanonicalSignature(signature)) return false;
  return crypto.subtle.verify(ECDSA_SHA256, publicKey, signature, data);
}
