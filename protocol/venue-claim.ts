/**
 * Taking over a venue whose keys the deployment holds (the local demo venues, whose private keys
 * are in .local/demo-world.json): a one-time takeover code, and the venue's keys sealed under it.
 *
 *   code     = 15 random bytes as 24 Crockford base32 symbols (120 bits), like office codes
 *   codeHash = base64url(SHA-256(encodeFields("luca-next/v1/venue-claim-code", code)))
 *   K        = HKDF-SHA256(IKM = UTF-8(code), salt = 32 zero bytes, info = "luca-next/v1/venue-claim-bundle"), 256 bits
 *   bundle   = base64url(iv ‖ AES-256-GCM(K, iv, UTF-8(JSON{encryption: JWK, signing: JWK}),
 *                                         AD = encodeFields("luca-next/v1/venue-claim-bundle", venueId)))
 *
 * The server stores the hash, the venue id, the expiry and the bundle; it cannot derive K from
 * the hash. The code is a bearer secret: whoever types it first (signed in as a venue operator)
 * gets the venue and its keys. It exists only for venues the deployment itself holds keys for.
 */
import * as v from 'valibot';
import { ProtocolError, concat, encodeFields, fromBase64Url, fromUtf8, randomBytes, sha256, toBase64Url, utf8 } from './bytes.ts';
import { formatOfficeCode, generateOfficeCode, parseOfficeCode } from './office-keyring.ts';
import { type VenuePrivateKeys, checkVenueKeys } from './recovery-kit.ts';

const CODE_LABEL = 'luca-next/v1/venue-claim-code';
const BUNDLE_LABEL = 'luca-next/v1/venue-claim-bundle';

/** Takeover codes have the shape of office codes (protocol/office-keyring.ts): 120 bits, typed like a TAN. */
export const generateClaimCode = generateOfficeCode;
export const parseClaimCode = parseOfficeCode;
export const formatClaimCode = formatOfficeCode;

export async function claimCodeHash(code: string): Promise<string> {
  return toBase64Url(await sha256(encodeFields(CODE_LABEL, code)));
}

/** Only the members a P-256 private key needs: no usage flags or extractability ride along. */
const PrivateJwkSchema = v.strictObject({ kty: v.literal('EC'), crv: v.literal('P-256'), x: v.string(), y: v.string(), d: v.string() });
const ClaimBundleSchema = v.strictObject({ encryption: PrivateJwkSchema, signing: PrivateJwkSchema });

function members(jwk: JsonWebKey): v.InferOutput<typeof PrivateJwkSchema> {
  return v.parse(PrivateJwkSchema, { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d });
}

async function bundleKey(code: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', utf8(code), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: utf8(BUNDLE_LABEL) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function sealClaimBundle(code: string, venueId: string, keys: VenuePrivateKeys): Promise<string> {
  const iv = randomBytes(12);
  const plaintext = utf8(JSON.stringify({ encryption: members(keys.encryption), signing: members(keys.signing) }));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encodeFields(BUNDLE_LABEL, venueId) },
    await bundleKey(code),
    plaintext,
  );
  return toBase64Url(concat(iv, new Uint8Array(ciphertext)));
}

/**
 * Opens the bundle with the typed code and checks that the keys are exactly the ones on the
 * venue's signed card (which the browser verified against the poster's pins or its own copy):
 * a server that swapped in keys of its own is refused.
 */
export async function openClaimBundle(
  code: string,
  sealed: string,
  card: { venueId: string; encryptionKey: string; signingKey: string },
): Promise<VenuePrivateKeys> {
  let keys: VenuePrivateKeys;
  try {
    const bytes = fromBase64Url(sealed);
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: encodeFields(BUNDLE_LABEL, card.venueId) },
      await bundleKey(code),
      bytes.slice(12),
    );
    keys = v.parse(ClaimBundleSchema, JSON.parse(fromUtf8(new Uint8Array(plaintext))));
  } catch {
    throw new ProtocolError('decryption_failed', 'the takeover code does not open these keys');
  }
  return checkVenueKeys(keys, card);
}
