/**
 * Hybrid public-key encryption of one message to one P-256 key, in the ECIES shape:
 *
 *   ephemeral key pair e (ECDH P-256, fresh per message)
 *   Z        = ECDH(e.private, recipientPublic)                     (32-byte x coordinate, SP 800-56A)
 *   key||iv  = HKDF-SHA256(ikm = Z, salt = ePub || recipientPub,     (RFC 5869; 44 bytes:
 *                          info = "luca-next/v1/" || purpose)          32-byte AES key, 12-byte nonce)
 *   c        = AES-256-GCM(key, iv, plaintext, associatedData)      (SP 800-38D, 128-bit tag)
 *   envelope = 0x01 || ePub (65 bytes) || c
 *
 * The key and nonce are unique per message because e is; the purpose string separates the layers
 * (a ciphertext sealed for one purpose cannot be opened as another), and the associated data binds
 * the context the caller names (venue, day, key id). Every failure to open is the same error.
 */
import { type Bytes, ProtocolError, concat, utf8 } from './bytes.ts';
import { PUBLIC_KEY_LENGTH, exportPublicKey, generateKeyPair, importPublicKey } from './keys.ts';

export const ENVELOPE_VERSION = 0x01;
const TAG_LENGTH = 16;
/** Smallest possible envelope: version, ephemeral key, empty plaintext, tag. */
export const MIN_ENVELOPE_LENGTH = 1 + PUBLIC_KEY_LENGTH + TAG_LENGTH;

/**
 * ECDH derive parameters. Built as a variable rather than a literal because the Workers type
 * definitions spell the member `$public` while every runtime (workerd included) reads `public`.
 */
function ecdhParams(peer: CryptoKey): { name: 'ECDH' } {
  const params = { name: 'ECDH' as const, public: peer };
  return params;
}

async function deriveKeyAndNonce(
  sharedSecret: ArrayBuffer,
  ephemeralPublic: Uint8Array,
  recipientPublic: Uint8Array,
  purpose: string,
): Promise<{ key: CryptoKey; iv: Bytes }> {
  const ikm = await crypto.subtle.importKey('raw', sharedSecret, 'HKDF', false, ['deriveBits']);
  const okm = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: concat(ephemeralPublic, recipientPublic), info: utf8(`luca-next/v1/${purpose}`) },
      ikm,
      44 * 8,
    ),
  );
  const key = await crypto.subtle.importKey('raw', okm.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, iv: okm.slice(32) };
}

export async function seal(
  recipientPublic: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
  associatedData: Uint8Array<ArrayBuffer>,
  purpose: string,
): Promise<Bytes> {
  return sealWithEphemeral(recipientPublic, plaintext, associatedData, purpose, await generateKeyPair('encryption'));
}

/**
 * `seal` with the ephemeral key pair passed in. Only the known-answer tests call it
 * (docs/test-vectors.json: fixed ephemeral keys make the envelope reproducible); everything else
 * calls `seal`, because a reused ephemeral key reuses the AES key and nonce. The test of the
 * vectors fails if any other production file names it.
 */
export async function sealWithEphemeral(
  recipientPublic: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
  associatedData: Uint8Array<ArrayBuffer>,
  purpose: string,
  ephemeral: CryptoKeyPair,
): Promise<Bytes> {
  const recipient = await importPublicKey(recipientPublic, 'encryption');
  const ephemeralPublic = await exportPublicKey(ephemeral.publicKey);
  const shared = await crypto.subtle.deriveBits(ecdhParams(recipient), ephemeral.privateKey, 256);
  const { key, iv } = await deriveKeyAndNonce(shared, ephemeralPublic, recipientPublic, purpose);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData, tagLength: 128 }, key, plaintext);
  return concat(Uint8Array.of(ENVELOPE_VERSION), ephemeralPublic, new Uint8Array(ciphertext));
}

/**
 * Opens an envelope with the recipient's private key. `recipientPublic` is the recipient's own
 * public key (part of the KDF salt); callers opening many envelopes pass it once.
 */
export async function open(
  recipientPrivate: CryptoKey,
  recipientPublic: Uint8Array,
  envelope: Uint8Array,
  associatedData: Uint8Array<ArrayBuffer>,
  purpose: string,
): Promise<Bytes> {
  if (envelope.length < MIN_ENVELOPE_LENGTH || envelope[0] !== ENVELOPE_VERSION) {
    throw new ProtocolError('decryption_failed', 'not a sealed envelope');
  }
  try {
    const ephemeralPublic = envelope.slice(1, 1 + PUBLIC_KEY_LENGTH);
    const ephemeral = await importPublicKey(ephemeralPublic, 'encryption');
    const shared = await crypto.subtle.deriveBits(ecdhParams(ephemeral), recipientPrivate, 256);
    const { key, iv } = await deriveKeyAndNonce(shared, ephemeralPublic, recipientPublic, purpose);
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: associatedData, tagLength: 128 },
      key,
      envelope.slice(1 + PUBLIC_KEY_LENGTH),
    );
    return new Uint8Array(plaintext);
  } catch {
    // A bad point, a wrong key, altered bytes and a wrong context all look alike to the caller.
    throw new ProtocolError('decryption_failed', 'envelope could not be opened');
  }
}
