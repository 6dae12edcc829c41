/**
 * Wire schemas shared by the clients and the Worker. Every object is strict (unknown keys are
 * refused) and every string and array is bounded, so the Worker can refuse oversized or
 * malformed input before it touches the database.
 */
import * as v from 'valibot';
import { DailyKeySchema, OfficeCertificateSchema } from './hierarchy.ts';
import { RevocationStateSchema } from './revocation.ts';
import { LATE_UPLOAD_DAYS, PUBLISH_AHEAD_DAYS } from './time.ts';

export {
  base64url,
  IdSchema,
  DaySchema,
  PublicKeySchema,
  SignatureSchema,
  Digest32Schema,
  TimeMsSchema,
  BucketSchema,
} from './wire-primitives.ts';
export { OfficeCertificateSchema, DailyKeySchema } from './hierarchy.ts';
export { VenueCardSchema } from './venue.ts';

export const OfficeDirectoryEntrySchema = v.strictObject({
  certificate: OfficeCertificateSchema,
  // One office's entry holds its keys from LATE_UPLOAD_DAYS ago to PUBLISH_AHEAD_DAYS ahead.
  dailyKeys: v.pipe(v.array(DailyKeySchema), v.maxLength(LATE_UPLOAD_DAYS + PUBLISH_AHEAD_DAYS + 1)),
  /** The office's newest signed revocation state, once an admin's browser has made one (protocol/revocation.ts). */
  revocation: v.nullable(RevocationStateSchema),
});
export type OfficeDirectoryEntry = v.InferOutput<typeof OfficeDirectoryEntrySchema>;

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
