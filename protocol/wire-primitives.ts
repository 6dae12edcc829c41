/**
 * The small wire types every schema is made of: ids, days, keys, signatures, digests, times. No
 * imports of ours besides time.ts, so the modules that define signed objects (venue.ts,
 * hierarchy.ts, data-request.ts …) can build their schemas from these without circles.
 */
import * as v from 'valibot';
import { TIME_BUCKET_MS, isValidDay } from './time.ts';

export const base64url = (min: number, max: number) =>
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/, 'must be base64url'), v.minLength(min), v.maxLength(max));

export const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/, 'must be a 22-character id'));
export const DaySchema = v.pipe(v.string(), v.check(isValidDay, 'must be a day as YYYY-MM-DD'));
/** Uncompressed P-256 point, base64url: 65 bytes = 87 characters. */
export const PublicKeySchema = base64url(87, 87);
export const SignatureSchema = base64url(86, 86);
/** A SHA-256 digest or a 32-byte secret, base64url. */
export const Digest32Schema = base64url(43, 43);
export const TimeMsSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
export const BucketSchema = v.pipe(
  TimeMsSchema,
  v.check((value) => value % TIME_BUCKET_MS === 0, 'must be a multiple of five minutes'),
);
