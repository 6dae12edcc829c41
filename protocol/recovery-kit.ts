/**
 * The venue's recovery kit (trust model 14): the venue's two private keys, wrapped under a
 * passphrase the app draws (kit-passphrase.ts, trust model 16), as a file to keep and a page to
 * print. Losing the device must not silently lose the guest lists; the kit lets the operator
 * restore the keys on a new device.
 *
 *   key        = PBKDF2-HMAC-SHA256(passphrase, salt (16 random bytes), 600,000 iterations) → AES-256
 *   ciphertext = AES-256-GCM(key, iv (12 random bytes), JSON{encryption: JWK, signing: JWK},
 *                            AD = encodeFields("luca-next/v1/recovery-kit", venueId))
 *
 * 600,000 iterations follows OWASP's 2023 guidance for PBKDF2-SHA256; the iterations only slow a
 * search down, the passphrase's ~77.5 bits are what put it out of reach. A new kit is made only
 * under a drawn passphrase; opening accepts any (kits made before passphrases were drawn carry
 * one their owner chose). The AD ties a kit to its venue: a kit cannot be restored as another.
 */
import * as v from 'valibot';
import { ProtocolError, encodeFields, fromBase64Url, fromUtf8, randomBytes, toBase64Url, utf8 } from './bytes.ts';
import { type KitPassphrase, isKitPassphrase, kitPassphraseCandidates } from './kit-passphrase.ts';
import { importPrivateJwk, publicKeyFromPrivateJwk } from './keys.ts';
import { signFields, verifyFields } from './signing.ts';

export const KIT_ITERATIONS = 600_000;

export const RecoveryKitSchema = v.strictObject({
  v: v.literal(1),
  kind: v.literal('luca-venue-recovery-kit'),
  venueId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/)),
  venueName: v.pipe(v.string(), v.maxLength(120)),
  createdAt: v.number(),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(100_000), v.maxValue(10_000_000)),
  salt: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/)),
  iv: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16}$/)),
  ciphertext: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.maxLength(4000)),
});
export type RecoveryKit = v.InferOutput<typeof RecoveryKitSchema>;

export interface VenuePrivateKeys {
  encryption: JsonWebKey;
  signing: JsonWebKey;
}

async function kitKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

export async function createRecoveryKit(
  venue: { venueId: string; venueName: string },
  keys: VenuePrivateKeys,
  passphrase: KitPassphrase,
  nowMs: number,
  iterations = KIT_ITERATIONS,
): Promise<RecoveryKit> {
  // The type keeps chosen passphrases out at compile time; this keeps them out of a build that cast one in.
  if (!isKitPassphrase(passphrase)) throw new ProtocolError('bad_payload', 'a kit is made only under a passphrase the app drew');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await kitKey(passphrase, salt, iterations);
  const plaintext = utf8(JSON.stringify({ encryption: keys.encryption, signing: keys.signing }));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encodeFields('luca-next/v1/recovery-kit', venue.venueId) },
    key,
    plaintext,
  );
  return {
    v: 1,
    kind: 'luca-venue-recovery-kit',
    venueId: venue.venueId,
    venueName: venue.venueName,
    createdAt: nowMs,
    iterations,
    salt: toBase64Url(salt),
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(new Uint8Array(ciphertext)),
  };
}

/**
 * Opens a kit and checks that the keys inside are the venue's (the public keys on its card).
 * A wrong passphrase, a damaged file and another venue's kit are refused alike. The passphrase
 * is tried as typed, then, if it reads as a drawn one typed with other case or separators, in its
 * canonical form (`kitPassphraseCandidates`): the type-back accepted those variants, so must this.
 */
/**
 * The kit is of another venue id: another venue's, or (as a draft's new keys give it a new id,
 * protocol/venue-id.ts) of a draft's earlier keys. Its name tells the app which to say.
 */
export class KitOfOtherVenueError extends ProtocolError {
  constructor(readonly kitVenueName: string) {
    super('bad_payload', 'this recovery kit belongs to another venue id');
    this.name = 'KitOfOtherVenueError';
  }
}

export async function openRecoveryKit(
  kit: unknown,
  passphrase: string,
  expected: { venueId: string; encryptionKey: string; signingKey: string },
): Promise<VenuePrivateKeys> {
  const parsed = v.safeParse(RecoveryKitSchema, kit);
  if (!parsed.success) throw new ProtocolError('bad_payload', 'this is not a luca recovery kit');
  const file = parsed.output;
  if (file.venueId !== expected.venueId) throw new KitOfOtherVenueError(file.venueName);
  for (const candidate of kitPassphraseCandidates(passphrase)) {
    const keys = await decryptKit(file, candidate);
    if (keys) return checkVenueKeys(keys, expected);
  }
  throw new ProtocolError('decryption_failed', 'wrong passphrase, or the file is damaged');
}

/** The keys in `file` under `passphrase`; undefined when it does not open (wrong passphrase or damaged). */
async function decryptKit(file: RecoveryKit, passphrase: string): Promise<VenuePrivateKeys | undefined> {
  try {
    const key = await kitKey(passphrase, fromBase64Url(file.salt), file.iterations);
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(file.iv), additionalData: encodeFields('luca-next/v1/recovery-kit', file.venueId) },
      key,
      fromBase64Url(file.ciphertext),
    );
    return JSON.parse(fromUtf8(new Uint8Array(plaintext))) as VenuePrivateKeys;
  } catch {
    return undefined;
  }
}

/**
 * The private keys are exactly the ones whose public halves the venue's card names; anything
 * else (another venue's keys, a malformed key) is refused. Used for kits and takeover bundles.
 */
export async function checkVenueKeys(
  keys: VenuePrivateKeys,
  expected: { encryptionKey: string; signingKey: string },
): Promise<VenuePrivateKeys> {
  let encryptionPublic: Uint8Array;
  let signingPublic: Uint8Array;
  try {
    [encryptionPublic, signingPublic] = await Promise.all([
      publicKeyFromPrivateJwk(keys.encryption, 'encryption'),
      publicKeyFromPrivateJwk(keys.signing, 'signing'),
    ]);
    // The public members alone prove nothing: the private scalar must belong to them.
    await Promise.all([importPrivateJwk(keys.encryption, 'encryption'), importPrivateJwk(keys.signing, 'signing')]);
  } catch {
    throw new ProtocolError('bad_key', 'these are not P-256 private keys');
  }
  if (toBase64Url(encryptionPublic) !== expected.encryptionKey || toBase64Url(signingPublic) !== expected.signingKey) {
    throw new ProtocolError('bad_key', 'these keys are not the venue’s current keys');
  }
  return keys;
}

const ACTIVATION_LABEL = 'luca-next/v1/venue-activation';

/**
 * Proof that the operator holds the venue's signing key after restoring it from the kit: a
 * signature over the venue id and the operator's account id, checked by the Worker against the
 * signing key on the venue's card before the venue goes live.
 */
export async function signActivation(signingJwk: JsonWebKey, venueId: string, accountId: string): Promise<string> {
  const key = await importPrivateJwk(signingJwk, 'signing');
  return toBase64Url(await signFields(key, ACTIVATION_LABEL, venueId, accountId));
}

export async function verifyActivation(signingKey: string, venueId: string, accountId: string, signature: string): Promise<boolean> {
  try {
    return await verifyFields(fromBase64Url(signingKey), fromBase64Url(signature), ACTIVATION_LABEL, venueId, accountId);
  } catch {
    return false;
  }
}
