/**
 * Key generation and import for the two kinds of key the protocol uses, both on NIST P-256
 * (the curve every WebCrypto implementation supports, including older mobile browsers):
 *
 * - encryption keys: ECDH (NIST SP 800-56A), used by hybrid.ts;
 * - signing keys: ECDSA with SHA-256 (FIPS 186-5), signatures in IEEE P1363 form (r || s, 64 bytes).
 *
 * Public keys travel as uncompressed SEC1 points (0x04 || X || Y, 65 bytes), base64url on the wire.
 * Private keys leave WebCrypto only as JWK (RFC 7517), and only where the caller asks for it.
 */
import { type Bytes, ProtocolError } from './bytes.ts';

export const CURVE = 'P-256';
export const PUBLIC_KEY_LENGTH = 65;

const ECDH = { name: 'ECDH', namedCurve: CURVE } as const;
const ECDSA = { name: 'ECDSA', namedCurve: CURVE } as const;

export type KeyKind = 'encryption' | 'signing';

function algorithmFor(kind: KeyKind): typeof ECDH | typeof ECDSA {
  return kind === 'encryption' ? ECDH : ECDSA;
}

export async function generateKeyPair(kind: KeyKind, extractable = false): Promise<CryptoKeyPair> {
  const usages: ('deriveBits' | 'sign' | 'verify')[] = kind === 'encryption' ? ['deriveBits'] : ['sign', 'verify'];
  return (await crypto.subtle.generateKey(algorithmFor(kind), extractable, usages)) as CryptoKeyPair;
}

export async function exportPublicKey(key: CryptoKey): Promise<Bytes> {
  // The Workers type definitions widen exportKey's result; 'raw' always gives an ArrayBuffer.
  return new Uint8Array((await crypto.subtle.exportKey('raw', key)) as ArrayBuffer);
}

/** Imports a 65-byte uncompressed point; anything else, or a point not on the curve, is refused. */
export async function importPublicKey(raw: Uint8Array<ArrayBuffer>, kind: KeyKind): Promise<CryptoKey> {
  if (raw.length !== PUBLIC_KEY_LENGTH || raw[0] !== 0x04) {
    throw new ProtocolError('bad_key', 'public key must be an uncompressed P-256 point');
  }
  try {
    return await crypto.subtle.importKey('raw', raw, algorithmFor(kind), true, kind === 'encryption' ? [] : ['verify']);
  } catch {
    throw new ProtocolError('bad_key', 'public key is not a valid P-256 point');
  }
}

export async function exportPrivateJwk(key: CryptoKey): Promise<JsonWebKey> {
  return (await crypto.subtle.exportKey('jwk', key)) as JsonWebKey;
}

export async function importPrivateJwk(jwk: JsonWebKey, kind: KeyKind, extractable = false): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('jwk', jwk, algorithmFor(kind), extractable, kind === 'encryption' ? ['deriveBits'] : ['sign']);
  } catch {
    throw new ProtocolError('bad_key', `not a P-256 ${kind} private key`);
  }
}

/** The public half of a private JWK, as the 65-byte point (x and y are in the JWK itself). */
export async function publicKeyFromPrivateJwk(jwk: JsonWebKey, kind: KeyKind): Promise<Bytes> {
  const { d: _private, key_ops: _ops, ...publicJwk } = jwk;
  const key = await crypto.subtle.importKey('jwk', publicJwk, algorithmFor(kind), true, kind === 'encryption' ? [] : ['verify']);
  return exportPublicKey(key);
}
