/**
 * The layout of docs/test-vectors.json (PROTOCOL.md "Test vectors"), shared by the script that
 * writes it (scripts/make-test-vectors.ts) and the test that checks the code against it
 * (protocol/test-vectors.test.ts), so that both read and write one checked shape.
 *
 * Conventions of the file: a field ending in `Hex` is bytes as lowercase hex; ids, public keys,
 * signatures, hashes and envelopes are base64url as on the wire; keys are named once in `keys`
 * and referred to by that name; times are milliseconds since the epoch.
 */
import * as v from 'valibot';
import { ChainedAuditEntrySchema } from './audit-log.ts';
import { ContactWireSchema } from './contact.ts';
import { CompanionsSchema } from './party.ts';
import { DataRequestSchema, EmployeeCertificateSchema } from './data-request.ts';
import { RevocationStateSchema } from './revocation.ts';
import { RotationRequestSchema } from './office-rotation.ts';
import {
  DailyKeySchema,
  Digest32Schema,
  IdSchema,
  OfficeCertificateSchema,
  PublicKeySchema,
  SignatureSchema,
  VenueCardSchema,
} from './schemas.ts';

const Hex = v.pipe(v.string(), v.regex(/^(?:[0-9a-f]{2})*$/, 'must be lowercase hex'));
const Base64Url = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/, 'must be base64url'));
/** The name of an entry of `keys`. */
const KeyName = v.pipe(v.string(), v.minLength(1));
const Time = v.pipe(v.number(), v.integer(), v.minValue(0));

const TestKeySchema = v.strictObject({
  algorithm: v.picklist(['ECDH', 'ECDSA']),
  /** The five JWK members of a P-256 private key, as grants and recovery kits carry them. */
  privateJwk: v.strictObject({ kty: v.literal('EC'), crv: v.literal('P-256'), x: Base64Url, y: Base64Url, d: Base64Url }),
  publicKey: PublicKeySchema,
  publicKeyHex: Hex,
});

/** `encodeFields(label, ...fields)` and its bytes. */
const EncodedFieldsSchema = v.strictObject({ label: v.string(), fields: v.array(v.string()), encodedHex: Hex });

/** One ECDSA signature: the signer's key, the signed field list, its encoding, and the signature (P1363). */
const SignedSchema = v.strictObject({
  signer: KeyName,
  label: v.string(),
  fields: v.array(v.string()),
  signingInputHex: Hex,
  signature: SignatureSchema,
});

/** One hybrid seal with every intermediate value (PROTOCOL.md "Hybrid encryption"). */
const SealingEntries = {
  recipient: KeyName,
  ephemeral: KeyName,
  purpose: v.string(),
  associatedDataHex: Hex,
  plaintextHex: Hex,
  /** Z = ECDH(ephemeral private, recipient public), the 32-byte x coordinate. */
  sharedSecretHex: Hex,
  /** ePub ‖ recipientPub. */
  hkdfSaltHex: Hex,
  /** UTF-8 of "luca-next/v1/" ‖ purpose. */
  hkdfInfoHex: Hex,
  /** The first 32 bytes of the HKDF output. */
  keyHex: Hex,
  /** The last 12 bytes of the HKDF output. */
  nonceHex: Hex,
  /** 0x01 ‖ ePub ‖ AES-256-GCM ciphertext ‖ tag, base64url. */
  envelope: Base64Url,
};

const HybridVectorSchema = v.strictObject({ name: v.string(), ...SealingEntries, envelopeHex: Hex });

/** A check-in layer: the JSON the code builds, padded with spaces to `plaintextHex`, then sealed. */
const CheckInLayerSchema = v.strictObject({ json: v.string(), ...SealingEntries });

const CheckInVectorSchema = v.strictObject({
  name: v.string(),
  input: v.strictObject({
    id: IdSchema,
    venueId: IdSchema,
    arrivedAt: Time,
    areaId: v.optional(v.string()),
    reference: v.optional(v.string()),
    contact: ContactWireSchema,
    companions: v.optional(CompanionsSchema),
  }),
  day: v.string(),
  officeKeyId: IdSchema,
  arrivalBucket: Time,
  associatedData: EncodedFieldsSchema,
  inner: CheckInLayerSchema,
  /** `outer.envelope` is the `ciphertext` of POST /api/checkins. */
  outer: CheckInLayerSchema,
  checkoutSecret: Digest32Schema,
  checkoutHash: Digest32Schema,
});

const VenueSchema = v.strictObject({
  card: VenueCardSchema,
  signed: SignedSchema,
  /** UTF-8 "luca-next/v1/fingerprint" ‖ signing key bytes; the pin is base64url of its SHA-256's first 16 bytes. */
  signingKeyPinInputHex: Hex,
  signingKeyPin: IdSchema,
  /** UTF-8 "luca-next/v1/venue-id" ‖ officeId ‖ encryptionKey ‖ signingKey, all raw bytes; the venue id is base64url of its SHA-256's first 16 bytes. */
  idInputHex: Hex,
  origin: v.string(),
  qr: v.array(v.strictObject({ areaId: v.optional(v.string()), payload: v.string(), url: v.string() })),
  code: v.strictObject({
    lookup: v.string(),
    /** UTF-8 "luca-next/v1/venue-code" ‖ venueId ‖ officeId ‖ encryptionKey ‖ signingKey, all raw bytes. */
    pinInputHex: Hex,
    pin: v.string(),
    code: v.string(),
    formatted: v.string(),
  }),
});

const TanVectorSchema = v.strictObject({
  /** The 11 random bytes; each gives one symbol from its low 5 bits. */
  randomBytesHex: Hex,
  dataSymbols: v.string(),
  checkSymbol: v.string(),
  tan: v.string(),
  formatted: v.string(),
  /** Spellings a person may type that read as `tan`. */
  typed: v.array(v.string()),
  /** Spellings with one symbol wrong or two neighbours swapped: refused by the check symbol. */
  typos: v.array(v.string()),
  /** The first 6 symbols: drawn by the server when the history is uploaded (it stores `lookupHash`), sent as is when redeeming. */
  lookup: v.string(),
  /** The other 5 data symbols: drawn on the guest's device, never sent, bound into the history's associated data. */
  secretSymbols: v.string(),
  /** The text whose SHA-256 is the server's `lookupHash`. */
  hashInput: v.string(),
  lookupHash: Digest32Schema,
  /** The associated data of a history shared under this TAN to `officeDailyKey`. */
  history: v.strictObject({ officeDailyKey: KeyName, associatedData: EncodedFieldsSchema }),
});

const KioskSchema = v.strictObject({
  now: Time,
  period: v.pipe(v.number(), v.integer(), v.minValue(0)),
  signed: SignedSchema,
  /** The suffix appended to the QR payload. */
  token: v.string(),
  qrPayload: v.string(),
});

const AuditLogSchema = v.strictObject({
  officeId: IdSchema,
  genesis: v.strictObject({ input: EncodedFieldsSchema, hash: Digest32Schema }),
  entries: v.array(v.strictObject({ signed: SignedSchema, chainInput: EncodedFieldsSchema, entry: ChainedAuditEntrySchema })),
});

const CertificatesSchema = v.strictObject({
  /** A time at which every certificate here is valid. */
  checkedAt: Time,
  office: v.strictObject({ certificate: OfficeCertificateSchema, signed: SignedSchema }),
  dailyKey: v.strictObject({
    key: KeyName,
    record: DailyKeySchema,
    /** SHA-256 of the public key bytes; keyId is base64url of its first 16 bytes. */
    publicKeySha256Hex: Hex,
    signed: SignedSchema,
  }),
  employee: v.strictObject({ certificate: EmployeeCertificateSchema, signed: SignedSchema }),
  dataRequest: v.strictObject({ request: DataRequestSchema, signed: SignedSchema }),
  /** The office's revocation state (PROTOCOL.md "Revocation"), revoking the key named `revokedKey`: the employee's. */
  revocation: v.strictObject({ state: RevocationStateSchema, revokedKey: KeyName, signed: SignedSchema }),
  /**
   * The identity key rotated (PROTOCOL.md "Identity key rotation"): the request the present key
   * signed, naming `nextKey`, and the root's new certificate for the same office, beginning later.
   */
  rotation: v.strictObject({
    request: RotationRequestSchema,
    signed: SignedSchema,
    nextKey: KeyName,
    certificate: OfficeCertificateSchema,
    certificateSigned: SignedSchema,
  }),
});

/**
 * The one valid encoding of a signature (PROTOCOL.md "Signatures"): P-256's order n and ⌊n / 2⌋,
 * a valid signature split into r and s, and other 64-byte encodings over the same signer and
 * bytes, each of which a verifier must refuse.
 */
const SignatureEncodingSchema = v.strictObject({
  orderHex: Hex,
  halfOrderHex: Hex,
  signed: SignedSchema,
  rHex: Hex,
  sHex: Hex,
  refused: v.array(v.strictObject({ case: v.string(), signature: SignatureSchema })),
});

/**
 * One warning-feed entry (PROTOCOL.md "Warnings"): a warning signed by the employee, its tag and
 * AES-GCM key derived from the venue id and the day, the fixed nonce, the padded plaintext and the
 * entry's body, each intermediate value shown.
 */
const WarningFeedSchema = v.strictObject({
  venueId: IdSchema,
  day: v.string(),
  /** The warning's signature over its labelled fields, by the employee's key. */
  signed: SignedSchema,
  /** tag = base64url(SHA-256(tagInput)[0..16]). */
  tagInput: EncodedFieldsSchema,
  tag: v.string(),
  /** key = HKDF-SHA256(IKM = keyInput, salt = empty, info = UTF-8 "luca-next/v1/warning-body", 32 bytes). */
  keyInput: EncodedFieldsSchema,
  keyHex: Hex,
  /** The AES-GCM associated data: encodeFields("luca-next/v1/warning-entry", tag, day). */
  associatedData: EncodedFieldsSchema,
  nonceHex: Hex,
  /** JSON{v:1, kind:"warning", warning}, and the same padded with spaces to a multiple of 512 bytes. */
  json: v.string(),
  plaintextHex: Hex,
  /** base64url(nonce ‖ AES-GCM ciphertext ‖ tag): the entry's `body` in GET /api/warnings/feed. */
  body: v.string(),
});

export const TestVectorsSchema = v.strictObject({
  description: v.string(),
  protocolVersion: v.literal(1),
  keys: v.record(v.string(), TestKeySchema),
  encodeFields: v.array(EncodedFieldsSchema),
  hybrid: v.array(HybridVectorSchema),
  checkIns: v.array(CheckInVectorSchema),
  venue: VenueSchema,
  tans: v.array(TanVectorSchema),
  kiosk: KioskSchema,
  auditLog: AuditLogSchema,
  certificates: CertificatesSchema,
  signatureEncoding: SignatureEncodingSchema,
  warningFeed: WarningFeedSchema,
});

export type TestVectors = v.InferOutput<typeof TestVectorsSchema>;
export type TestKey = v.InferOutput<typeof TestKeySchema>;
export type EncodedFields = v.InferOutput<typeof EncodedFieldsSchema>;
export type Signed = v.InferOutput<typeof SignedSchema>;
export type Sealing = v.InferOutput<typeof CheckInLayerSchema> | v.InferOutput<typeof HybridVectorSchema>;

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
