/**
 * The key hierarchy (PROTOCOL.md "Key hierarchy"):
 *
 *   root signing key (ECDSA P-256; public half pinned in every build)
 *     └─ office certificate: the office's identity signing key, its name and postcodes, validity
 *          └─ daily key: one ECDH P-256 encryption key per office and UTC day, signed by the office
 *
 * Clients verify the whole chain before encrypting anything to a daily key, so a key the server
 * made up, a key of another office, or a key for another day is refused.
 */
import { type Bytes, ProtocolError, fromBase64Url, sha256, toBase64Url, utf8 } from './bytes.ts';
import { exportPublicKey, importPublicKey } from './keys.ts';
import { signFields, verifyFields } from './signing.ts';
import * as v from 'valibot';
import { dayOf, isValidDay } from './time.ts';
import { DaySchema, IdSchema, PublicKeySchema, SignatureSchema, TimeMsSchema } from './wire-primitives.ts';

const CERTIFICATE_LABEL = 'luca-next/v1/office-certificate';
const DAILY_KEY_LABEL = 'luca-next/v1/office-daily-key';

/** An office's certificate, signed by the deployment's root key (trust model 3). */
export const OfficeCertificateSchema = v.strictObject({
  v: v.literal(1),
  officeId: IdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(160)),
  /** Five-digit postcodes the office is responsible for. */
  postcodes: v.pipe(v.array(v.pipe(v.string(), v.regex(/^\d{5}$/))), v.maxLength(2000)),
  /** The office identity key (ECDSA P-256), base64url of the uncompressed point. */
  signingKey: PublicKeySchema,
  notBefore: TimeMsSchema,
  notAfter: TimeMsSchema,
  /** Root signature over the fields above, base64url (IEEE P1363). */
  signature: SignatureSchema,
});

export type OfficeCertificate = v.InferOutput<typeof OfficeCertificateSchema>;

/** One day's public encryption key of an office, signed by the office's identity key. */
export const DailyKeySchema = v.strictObject({
  v: v.literal(1),
  officeId: IdSchema,
  day: DaySchema,
  /** base64url(SHA-256(publicKey bytes)[0..16]): derived, so it cannot name another key. */
  keyId: IdSchema,
  /** ECDH P-256 public key, base64url of the uncompressed point. */
  publicKey: PublicKeySchema,
  /** Office identity signature over officeId, day and publicKey. */
  signature: SignatureSchema,
});

export type DailyKey = v.InferOutput<typeof DailyKeySchema>;

export interface VerifiedOffice {
  officeId: string;
  name: string;
  postcodes: string[];
  signingKey: CryptoKey;
  notAfter: number;
}

export interface VerifiedDailyKey {
  officeId: string;
  day: string;
  keyId: string;
  publicKey: Bytes;
}

type UnsignedCertificate = Omit<OfficeCertificate, 'signature' | 'v'>;

function certificateFields(cert: UnsignedCertificate): string[] {
  // JSON, not a joined string: ["12345,67890"] and ["12345","67890"] must sign differently.
  return [cert.officeId, cert.name, JSON.stringify(cert.postcodes), cert.signingKey, String(cert.notBefore), String(cert.notAfter)];
}

export async function issueOfficeCertificate(rootPrivate: CryptoKey, cert: UnsignedCertificate): Promise<OfficeCertificate> {
  const signature = await signFields(rootPrivate, CERTIFICATE_LABEL, ...certificateFields(cert));
  return { v: 1, ...cert, signature: toBase64Url(signature) };
}

export async function verifyOfficeCertificate(
  rootPublic: Bytes | CryptoKey,
  cert: OfficeCertificate,
  nowMs: number,
): Promise<VerifiedOffice> {
  const signature = decodeOrRefuse(cert.signature, 'bad_signature');
  if (!(await verifyFields(rootPublic, signature, CERTIFICATE_LABEL, ...certificateFields(cert)))) {
    throw new ProtocolError('bad_signature', 'office certificate is not signed by the pinned root key');
  }
  if (nowMs < cert.notBefore) throw new ProtocolError('not_yet_valid', 'office certificate is not valid yet');
  if (nowMs > cert.notAfter) throw new ProtocolError('expired', 'office certificate has expired');
  const signingKey = await importPublicKey(decodeOrRefuse(cert.signingKey, 'bad_key'), 'signing');
  return { officeId: cert.officeId, name: cert.name, postcodes: cert.postcodes, signingKey, notAfter: cert.notAfter };
}

export async function keyIdOf(publicKey: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64Url((await sha256(publicKey)).slice(0, 16));
}

export async function issueDailyKey(
  officeSigningPrivate: CryptoKey,
  officeId: string,
  day: string,
  publicKey: CryptoKey,
): Promise<DailyKey> {
  if (!isValidDay(day)) throw new ProtocolError('bad_payload', 'day must be YYYY-MM-DD');
  const raw = await exportPublicKey(publicKey);
  const encoded = toBase64Url(raw);
  const signature = await signFields(officeSigningPrivate, DAILY_KEY_LABEL, officeId, day, encoded);
  return { v: 1, officeId, day, keyId: await keyIdOf(raw), publicKey: encoded, signature: toBase64Url(signature) };
}

/**
 * The same record signed by another identity key (after a rotation, PROTOCOL.md "Identity key
 * rotation"): day, key and key id stay, only the signature changes.
 */
export async function resignDailyKey(officeSigningPrivate: CryptoKey, key: DailyKey): Promise<DailyKey> {
  const signature = await signFields(officeSigningPrivate, DAILY_KEY_LABEL, key.officeId, key.day, key.publicKey);
  return { ...key, signature: toBase64Url(signature) };
}

/**
 * Verifies a daily key against an already verified office and the day the caller wants to
 * encrypt for. A key past its office certificate's validity is refused too.
 */
export async function verifyDailyKey(office: VerifiedOffice, key: DailyKey, expectedDay: string): Promise<VerifiedDailyKey> {
  if (key.officeId !== office.officeId) throw new ProtocolError('wrong_office', 'daily key belongs to another office');
  if (key.day !== expectedDay) throw new ProtocolError('wrong_day', `daily key is for ${key.day}, not ${expectedDay}`);
  const signature = decodeOrRefuse(key.signature, 'bad_signature');
  if (!(await verifyFields(office.signingKey, signature, DAILY_KEY_LABEL, key.officeId, key.day, key.publicKey))) {
    throw new ProtocolError('bad_signature', 'daily key is not signed by the office');
  }
  if (dayOf(office.notAfter) < key.day) throw new ProtocolError('expired', 'daily key outlives the office certificate');
  const publicKey = decodeOrRefuse(key.publicKey, 'bad_key');
  await importPublicKey(publicKey, 'encryption');
  if ((await keyIdOf(publicKey)) !== key.keyId) throw new ProtocolError('bad_key', 'key id does not match the key');
  return { officeId: key.officeId, day: key.day, keyId: key.keyId, publicKey };
}

/**
 * The one call clients make before encrypting to an office: verify that the certificate is the
 * expected office's (the one the venue's poster names, or the one the guest chose) and chains to
 * the pinned root, then find a valid key of that office for `day`. A server that answers with
 * another, equally certified office is refused.
 */
export async function verifiedKeyForDay(
  rootPublic: Bytes | CryptoKey,
  office: { certificate: OfficeCertificate; dailyKeys: readonly DailyKey[] },
  expectedOfficeId: string,
  day: string,
  nowMs: number,
): Promise<VerifiedDailyKey> {
  if (office.certificate.officeId !== expectedOfficeId)
    throw new ProtocolError('wrong_office', 'the server answered with another health office');
  const verified = await verifyOfficeCertificate(rootPublic, office.certificate, nowMs);
  const candidates = office.dailyKeys.filter((key) => key.day === day && key.officeId === verified.officeId);
  if (candidates.length === 0) throw new ProtocolError('wrong_day', `the office has published no key for ${day}`);
  // One malformed or forged entry must not hide a valid key for the same day.
  let refusal: unknown;
  for (const candidate of candidates) {
    try {
      return await verifyDailyKey(verified, candidate, day);
    } catch (error) {
      refusal = error;
    }
  }
  throw refusal;
}

function decodeOrRefuse(text: string, code: 'bad_signature' | 'bad_key'): Bytes {
  try {
    return fromBase64Url(text);
  } catch {
    throw new ProtocolError(code, code === 'bad_key' ? 'key is not base64url' : 'signature is not base64url');
  }
}

/** Fingerprint of a public key for display and pinning: base64url(SHA-256(label || key)[0..16]). */
export async function fingerprint(publicKey: Uint8Array): Promise<string> {
  const hash = await sha256(new Uint8Array([...utf8('luca-next/v1/fingerprint'), ...publicKey]));
  return toBase64Url(hash.slice(0, 16));
}
