/**
 * Wire schemas shared by the clients and the Worker. Every object is strict (unknown keys are
 * refused) and every string and array is bounded, so the Worker can refuse oversized or
 * malformed input before it touches the database.
 */
import * as v from 'valibot';
import { SignedAuditEntrySchema } from './audit-log.ts';
import { VENUE_KINDS } from './venue.ts';
import { LATE_UPLOAD_DAYS, PUBLISH_AHEAD_DAYS, TIME_BUCKET_MS, isValidDay } from './time.ts';

const base64url = (min: number, max: number) =>
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/, 'must be base64url'), v.minLength(min), v.maxLength(max));

export const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/, 'must be a 22-character id'));
export const DaySchema = v.pipe(v.string(), v.check(isValidDay, 'must be a day as YYYY-MM-DD'));
/** Uncompressed P-256 point, base64url: 65 bytes = 87 characters. */
export const PublicKeySchema = base64url(87, 87);
export const SignatureSchema = base64url(86, 86);
/** A SHA-256 digest or a 32-byte secret, base64url. */
export const Digest32Schema = base64url(43, 43);
const TimeMsSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
export const BucketSchema = v.pipe(TimeMsSchema, v.check((value) => value % TIME_BUCKET_MS === 0, 'must be a multiple of five minutes'));
/** The largest outer envelope a maximal contact record can produce, with room to spare. */
export const MAX_CIPHERTEXT_LENGTH = 6000;

export const OfficeCertificateSchema = v.strictObject({
  v: v.literal(1),
  officeId: IdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(160)),
  postcodes: v.pipe(v.array(v.pipe(v.string(), v.regex(/^\d{5}$/))), v.maxLength(2000)),
  signingKey: PublicKeySchema,
  notBefore: TimeMsSchema,
  notAfter: TimeMsSchema,
  signature: SignatureSchema,
});

export const DailyKeySchema = v.strictObject({
  v: v.literal(1),
  officeId: IdSchema,
  day: DaySchema,
  keyId: IdSchema,
  publicKey: PublicKeySchema,
  signature: SignatureSchema,
});

export const OfficeDirectoryEntrySchema = v.strictObject({
  certificate: OfficeCertificateSchema,
  // One office's entry holds its keys from LATE_UPLOAD_DAYS ago to PUBLISH_AHEAD_DAYS ahead.
  dailyKeys: v.pipe(v.array(DailyKeySchema), v.maxLength(LATE_UPLOAD_DAYS + PUBLISH_AHEAD_DAYS + 1)),
});
export type OfficeDirectoryEntry = v.InferOutput<typeof OfficeDirectoryEntrySchema>;

const AreaSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,16}$/)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(60)),
});

export const VenueCardSchema = v.strictObject({
  v: v.literal(1),
  venueId: IdSchema,
  officeId: IdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  street: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  postcode: v.pipe(v.string(), v.regex(/^\d{5}$/)),
  city: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  kind: v.picklist(VENUE_KINDS),
  defaultStayMinutes: v.pipe(v.number(), v.integer(), v.minValue(15), v.maxValue(24 * 60)),
  areas: v.pipe(v.array(AreaSchema), v.maxLength(500)),
  encryptionKey: PublicKeySchema,
  signingKey: PublicKeySchema,
  signature: SignatureSchema,
});

export const CreateCheckInSchema = v.strictObject({
  id: IdSchema,
  venueId: IdSchema,
  day: DaySchema,
  officeKeyId: IdSchema,
  arrivalBucket: BucketSchema,
  /** Only for pre-registrations, whose end is known in advance. */
  departureBucket: v.optional(BucketSchema),
  ciphertext: base64url(100, MAX_CIPHERTEXT_LENGTH),
  checkoutHash: Digest32Schema,
  /** A kiosk's rotating code, when the guest scanned one (protocol/kiosk-code.ts). */
  kiosk: v.optional(v.strictObject({ period: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e12)), signature: SignatureSchema })),
});
export type CreateCheckIn = v.InferOutput<typeof CreateCheckInSchema>;

export const CheckOutSchema = v.strictObject({
  secret: Digest32Schema,
  /** When the guest left (the device's clock); a queued checkout is sent later than it happened. */
  departedAt: TimeMsSchema,
});
export type CheckOut = v.InferOutput<typeof CheckOutSchema>;

/** Deleting a pre-registration: the checkout secret from the widget's cancel token (protocol/widget.ts). */
export const CancelCheckInSchema = v.strictObject({ secret: Digest32Schema });

/** The largest sealed history accepted: 28 days of several visits a day (~300 visits), padded. */
export const MAX_HISTORY_CIPHERTEXT_LENGTH = 128_000;

export const CreateTransferSchema = v.strictObject({
  officeId: IdSchema,
  officeKeyId: IdSchema,
  /** SHA-256 of the TAN the guest's device drew (protocol/tan.ts tanHash). */
  tanHash: Digest32Schema,
  ciphertext: base64url(100, MAX_HISTORY_CIPHERTEXT_LENGTH),
});

export const RedeemTransferSchema = v.strictObject({
  /** The case the employee opens with this history (its id drawn in the browser). */
  caseId: IdSchema,
  /** The employee's signed "tan_redeemed" entry for the office's audit chain. */
  audit: SignedAuditEntrySchema,
  /** As typed by the employee: normalised and checked by the TAN codec. */
  tan: v.pipe(v.string(), v.maxLength(40)),
});

/**
 * A website allowed to embed the widget: an https origin exactly as a browser names it (scheme,
 * host, port; no path), or a loopback http origin for local development.
 */
export const EmbedOriginSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.check((text) => {
    try {
      const url = new URL(text);
      const loopback = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
      return url.origin === text && (url.protocol === 'https:' || loopback);
    } catch {
      return false;
    }
  }, 'must be a website origin such as https://www.example.de'),
);

export const VenueSettingsSchema = v.strictObject({
  kioskOnly: v.optional(v.boolean()),
  allowedOrigins: v.optional(v.pipe(v.array(EmbedOriginSchema), v.maxLength(20))),
});

export type { ApiError } from './errors.ts';
