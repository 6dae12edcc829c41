/**
 * The visit history a guest shares with a health office (trust model 5): sealed on the device to
 * the chosen office's verified daily key, so the server only relays it; the TAN the guest reads
 * out is only a handle to the ciphertext.
 *
 *   AD       = encodeFields("luca-next/v1/history", officeId, officeKeyId, secret)
 *   envelope = seal(officeDailyKey, pad(JSON{v:1, sharedAt, visits}), AD, "history")
 *
 * `secret` is the TAN's secret part (protocol/tan.ts), drawn on the guest's device before sealing;
 * the server draws the lookup part only after the upload, so the lookup cannot be bound. The server
 * never learns the secret, so it cannot seal a history that opens with the TAN the office typed:
 * one it made itself, or another guest's, fails to decrypt unless the 25-bit secrets agree (one
 * chance in 2^25 per try), and a failure shows in the office's browser.
 */
import * as v from 'valibot';
import { ProtocolError, encodeFields, fromBase64Url, fromUtf8, toBase64Url, utf8, type Bytes } from './bytes.ts';
import type { VerifiedDailyKey } from './hierarchy.ts';
import { open, seal } from './hybrid.ts';
import { PARTY_LIMIT } from './party.ts';
import { tanSecret } from './tan.ts';

const PURPOSE = 'history';
const PADDING_BLOCK = 1024;
const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));
const Time = v.pipe(v.number(), v.integer(), v.minValue(0));

export const VisitSchema = v.strictObject({
  checkInId: Id,
  venueId: Id,
  officeId: Id,
  venueName: v.pipe(v.string(), v.maxLength(120)),
  venueAddress: v.pipe(v.string(), v.maxLength(300)),
  areaName: v.optional(v.pipe(v.string(), v.maxLength(60))),
  arrivedAt: Time,
  /** A pre-registration's booked end, a checkout, or none while the guest is still there. */
  departedAt: v.optional(Time),
  /** The venue's usual stay: how long a visit without checkout is assumed to last. */
  defaultStayMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60))),
  /** The persons who came with the guest ("Mia Muster"), so the office knows who else was there. */
  companions: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(161))), v.minLength(1), v.maxLength(PARTY_LIMIT - 1)),
  ),
});
export type Visit = v.InferOutput<typeof VisitSchema>;

const HistorySchema = v.strictObject({ v: v.literal(1), sharedAt: Time, visits: v.pipe(v.array(VisitSchema), v.maxLength(2000)) });
export type History = v.InferOutput<typeof HistorySchema>;

function associatedData(officeId: string, officeKeyId: string, secret: string): Bytes {
  return encodeFields('luca-next/v1/history', officeId, officeKeyId, secret);
}

/** Seals the visits to the office's key, bound to the TAN's secret part (`generateTanSecret`). */
export async function sealHistory(
  officeKey: VerifiedDailyKey,
  secret: string,
  visits: readonly Visit[],
  sharedAt: number,
): Promise<string> {
  const history: History = { v: 1, sharedAt, visits: v.parse(v.array(VisitSchema), visits) };
  const json = utf8(JSON.stringify(history));
  const padded = new Uint8Array(Math.ceil((json.length + 1) / PADDING_BLOCK) * PADDING_BLOCK).fill(0x20);
  padded.set(json);
  return toBase64Url(await seal(officeKey.publicKey, padded, associatedData(officeKey.officeId, officeKey.keyId, secret), PURPOSE));
}

/** Opens a history with the whole (canonical) TAN the guest read out; only its secret part is bound. */
export async function openHistory(
  officePrivate: CryptoKey,
  officePublic: Uint8Array,
  context: { officeId: string; officeKeyId: string; tan: string },
  ciphertext: string,
): Promise<History> {
  let envelope: Bytes;
  try {
    envelope = fromBase64Url(ciphertext);
  } catch {
    throw new ProtocolError('decryption_failed', 'history is not base64url');
  }
  const plaintext = await open(
    officePrivate,
    officePublic,
    envelope,
    associatedData(context.officeId, context.officeKeyId, tanSecret(context.tan)),
    PURPOSE,
  );
  try {
    return v.parse(HistorySchema, JSON.parse(fromUtf8(plaintext)));
  } catch {
    throw new ProtocolError('bad_payload', 'decrypted history is malformed');
  }
}
