/**
 * One hybrid seal computed step by step from PROTOCOL.md "Hybrid encryption" with WebCrypto
 * alone, not through hybrid.ts, keeping every intermediate value. The test vectors print these
 * values (a second implementation compares its own steps with them), and the vector test
 * recomputes them, so that the file agrees with the document as well as with the code.
 */
import { type Bytes, concat, utf8 } from './bytes.ts';

export interface HybridTrace {
  sharedSecret: Bytes;
  salt: Bytes;
  info: Bytes;
  key: Bytes;
  nonce: Bytes;
  /** AES-256-GCM output: ciphertext ‖ 16-byte tag. */
  ciphertext: Bytes;
  envelope: Bytes;
}

export async function traceSeal(input: {
  recipientPublic: Bytes;
  ephemeralPrivate: CryptoKey;
  ephemeralPublic: Bytes;
  purpose: string;
  plaintext: Bytes;
  associatedData: Bytes;
}): Promise<HybridTrace> {
  const recipient = await crypto.subtle.importKey('raw', input.recipientPublic, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  // A variable, not a literal: the Workers type definitions spell the member `$public`.
  const ecdh = { name: 'ECDH', public: recipient };
  const sharedSecret = new Uint8Array(await crypto.subtle.deriveBits(ecdh, input.ephemeralPrivate, 256));
  const salt = concat(input.ephemeralPublic, input.recipientPublic);
  const info = utf8(`luca-next/v1/${input.purpose}`);
  const ikm = await crypto.subtle.importKey('raw', sharedSecret, 'HKDF', false, ['deriveBits']);
  const okm = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, ikm, 44 * 8));
  const key = okm.slice(0, 32);
  const nonce = okm.slice(32);
  const aes = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: input.associatedData, tagLength: 128 }, aes, input.plaintext),
  );
  return { sharedSecret, salt, info, key, nonce, ciphertext, envelope: concat(Uint8Array.of(0x01), input.ephemeralPublic, ciphertext) };
}
