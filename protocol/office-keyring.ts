/**
 * How a health office's private keys live without the server ever holding them readable
 * (trust model 3, 7):
 *
 * - Each employee's browser has a device key (ECDH P-256, non-extractable, in IndexedDB). Every
 *   office private key (the identity key and each daily key) is sealed to every enrolled
 *   employee's device key as a "grant":
 *     grant = seal(devicePublic, JWK, encodeFields("luca-next/v1/office-key-grant", officeId,
 *             accountId, keyId), "office-key-grant")
 *   The server stores grants; deleting a daily key's grants after the retention period destroys
 *   that key, as no other copy exists.
 * - Setup and invite codes are 120 random bits (24 Crockford characters). The server keeps their
 *   SHA-256 only. A setup code may carry keys the deployment already holds (the local demo
 *   office): sealed with AES-256-GCM under HKDF-SHA256(code, "luca-next/v1/office-setup-bundle"),
 *   a key the server cannot derive from the hash.
 */
import * as v from 'valibot';
import {
  type Bytes,
  ProtocolError,
  concat,
  encodeFields,
  fromBase64Url,
  fromUtf8,
  randomBytes,
  sha256,
  toBase64Url,
  utf8,
} from './bytes.ts';
import { open, seal } from './hybrid.ts';
import { TAN_ALPHABET, normaliseCrockford, toCrockford } from './tan.ts';

const GRANT_PURPOSE = 'office-key-grant';
const GRANT_LABEL = 'luca-next/v1/office-key-grant';
const CODE_LABEL = 'luca-next/v1/office-code';
const BUNDLE_INFO = 'luca-next/v1/office-setup-bundle';
/** The key id of a grant for the office's identity (signing) key; daily keys use their own ids. */
export const IDENTITY_KEY_ID = 'identity';
export const OFFICE_CODE_LENGTH = 24;
/**
 * At most this many new daily keys per publication request: each comes with a grant for every
 * active employee, so a request for a few hundred staff stays within the Worker's 4 MiB body
 * limit and one D1 batch. An office's browser publishes a longer horizon in several requests.
 */
export const DAILY_KEYS_PER_REQUEST = 16;

export interface GrantContext {
  officeId: string;
  accountId: string;
  keyId: string;
}

function grantAd(context: GrantContext): Bytes {
  return encodeFields(GRANT_LABEL, context.officeId, context.accountId, context.keyId);
}

export async function sealKeyGrant(devicePublic: Uint8Array<ArrayBuffer>, context: GrantContext, privateJwk: JsonWebKey): Promise<string> {
  // Only the members a P-256 private key needs: no usage flags or extractability to smuggle.
  const { kty, crv, x, y, d } = privateJwk;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y || !d) throw new ProtocolError('bad_key', 'not a P-256 private key');
  return toBase64Url(await seal(devicePublic, utf8(JSON.stringify({ kty, crv, x, y, d })), grantAd(context), GRANT_PURPOSE));
}

export async function openKeyGrant(
  devicePrivate: CryptoKey,
  devicePublic: Uint8Array,
  context: GrantContext,
  sealed: string,
): Promise<JsonWebKey> {
  let envelope: Bytes;
  try {
    envelope = fromBase64Url(sealed);
  } catch {
    throw new ProtocolError('decryption_failed', 'grant is not base64url');
  }
  const plaintext = await open(devicePrivate, devicePublic, envelope, grantAd(context), GRANT_PURPOSE);
  return JSON.parse(fromUtf8(plaintext)) as JsonWebKey;
}

/** A fresh setup or invite code: 120 bits, Crockford base32, read out or sent by letter. */
export function generateOfficeCode(): string {
  return toCrockford(randomBytes(15));
}

/** Accepts what a person typed (any case, spaces, dashes, O for 0 ...) or refuses it. */
export function parseOfficeCode(input: string): string {
  const code = normaliseCrockford(input);
  if (code.length !== OFFICE_CODE_LENGTH || Array.from(code).some((symbol) => !TAN_ALPHABET.includes(symbol)))
    throw new ProtocolError('bad_payload', `a code has ${OFFICE_CODE_LENGTH} characters`);
  return code;
}

export function formatOfficeCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export async function officeCodeHash(code: string): Promise<string> {
  return toBase64Url(await sha256(encodeFields(CODE_LABEL, code)));
}

export const KeyBundleSchema = v.strictObject({
  identity: v.record(v.string(), v.string()),
  daily: v.array(v.strictObject({ keyId: v.string(), day: v.string(), jwk: v.record(v.string(), v.string()) })),
});
/** Private keys handed to an office's first admin with a setup code (JWKs as plain members). */
export type KeyBundle = v.InferOutput<typeof KeyBundleSchema>;

async function bundleKey(code: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', utf8(code), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: utf8(BUNDLE_INFO) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function sealSetupBundle(code: string, bundle: KeyBundle): Promise<string> {
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await bundleKey(code), utf8(JSON.stringify(bundle)));
  return toBase64Url(concat(iv, new Uint8Array(ciphertext)));
}

export async function openSetupBundle(code: string, sealed: string): Promise<KeyBundle> {
  try {
    const bytes = fromBase64Url(sealed);
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, await bundleKey(code), bytes.slice(12));
    return v.parse(KeyBundleSchema, JSON.parse(fromUtf8(new Uint8Array(plaintext))));
  } catch {
    throw new ProtocolError('decryption_failed', 'the setup code does not open these keys');
  }
}

/**
 * What a joining employee reads out to the admin who admits them: 60 bits of
 * SHA-256(encodeFields("luca-next/v1/device-fingerprint", signingKey, deviceKey)), Crockford
 * base32 as XXXX-XXXX-XXXX. The admin's browser recomputes it from the keys the server lists, so
 * a server that swapped in its own keys is caught before any key is sealed to them.
 */
export async function deviceFingerprint(signingKey: string, deviceKey: string): Promise<string> {
  const digest = await sha256(encodeFields('luca-next/v1/device-fingerprint', signingKey, deviceKey));
  return formatOfficeCode(toCrockford(digest).slice(0, 12));
}
