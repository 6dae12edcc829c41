/**
 * Two-layer encryption of one check-in (PROTOCOL.md "Check-in"):
 *
 *   inner = seal(officeDailyKey, {v, contact, arrivedAt, areaId, reference}, AD, "checkin-inner")
 *   outer = seal(venueKey,       {v, arrivedAt, areaId, reference, inner},   AD, "checkin-outer")
 *   AD    = encodeFields("luca-next/v1/checkin", checkInId, venueId, day, officeKeyId)
 *
 * The server stores `outer` only. The venue can open the outer layer (to select the check-ins in a
 * requested window) but not the inner; the office can open the inner only after the venue released
 * it. The associated data ties both layers to one check-in id, venue, day and office key, so a
 * ciphertext replayed under another id, or moved to another venue or day, does not decrypt.
 */
import * as v from 'valibot';
import { type Bytes, ProtocolError, encodeFields, fromBase64Url, fromUtf8, randomBytes, sha256, toBase64Url, utf8 } from './bytes.ts';
import { type ContactData, ContactWireSchema } from './contact.ts';
import { seal, open } from './hybrid.ts';
import { CHECKIN_INNER, sealedEnvelope } from './sealed-size.ts';
import type { VerifiedDailyKey } from './hierarchy.ts';
import { newId } from './ids.ts';
import { dayOf, floorToBucket } from './time.ts';

const AD_LABEL = 'luca-next/v1/checkin';
/** Plaintexts are padded with JSON whitespace to a multiple of this, so lengths do not tell names apart. */
export const PADDING_BLOCK = 256;
const INNER = 'checkin-inner';
const OUTER = 'checkin-outer';

export interface CheckInContext {
  /** The check-in id (as stored by the server). */
  id: string;
  venueId: string;
  day: string;
  officeKeyId: string;
}

export function checkInAssociatedData(context: CheckInContext): Bytes {
  return encodeFields(AD_LABEL, context.id, context.venueId, context.day, context.officeKeyId);
}

const AreaIdSchema = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,16}$/)));
const TimeSchema = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A booking's table or a ticket's seat, as the venue's website names it ("Saal 2 · Reihe F · Platz 12"). */
export const ReferenceSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(80),
  v.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'),
);
const OptionalReference = v.optional(ReferenceSchema);

const InnerSchema = v.strictObject({
  v: v.literal(1),
  contact: ContactWireSchema,
  arrivedAt: TimeSchema,
  areaId: AreaIdSchema,
  reference: OptionalReference,
  /**
   * Set when the visit is in a guest app's history (a scan, or the widget's "saved data" popup),
   * which the warning feed reaches; absent for a kiosk walk-in or data typed into the widget.
   * Only the office reads it (it is in the inner layer): the server learns nothing new.
   */
  app: v.optional(v.literal(true)),
});
const OuterSchema = v.strictObject({
  v: v.literal(1),
  arrivedAt: TimeSchema,
  areaId: AreaIdSchema,
  reference: OptionalReference,
  inner: sealedEnvelope(CHECKIN_INNER),
});

export type InnerCheckIn = v.InferOutput<typeof InnerSchema>;
export type OuterCheckIn = v.InferOutput<typeof OuterSchema>;

export interface SealedCheckIn {
  /** Random check-in id, chosen on the device so that a retried upload is recognised. */
  id: string;
  venueId: string;
  day: string;
  officeKeyId: string;
  arrivalBucket: number;
  /** base64url outer envelope: the only form in which the server sees the guest. */
  ciphertext: string;
  /** base64url SHA-256 of the checkout secret. */
  checkoutHash: string;
  /** Stays on the device; proves the right to check out (trust model point 9). */
  checkoutSecret: string;
}

export interface SealCheckInInput {
  /** The device-chosen id; a new random one if absent. */
  id?: string | undefined;
  contact: ContactData;
  venueId: string;
  venueKey: Bytes;
  officeKey: VerifiedDailyKey;
  arrivedAt: number;
  areaId?: string | undefined;
  /** A booking's table or a ticket's seat; goes into both layers, so venue and office see it. */
  reference?: string | undefined;
  /** The visit is kept in a guest app's history, so a warning reaches the guest there (inner layer only). */
  inApp?: boolean | undefined;
}

export async function sealCheckIn(input: SealCheckInInput): Promise<SealedCheckIn> {
  return sealCheckInWith(seal, input);
}

/** Seals one layer: hybrid.ts `seal`, which draws a fresh ephemeral key for each layer. */
export type LayerSealer = (recipientPublic: Bytes, plaintext: Bytes, associatedData: Bytes, purpose: string) => Promise<Bytes>;

/**
 * `sealCheckIn` with the layer sealer passed in. Only the known-answer tests pass another one
 * (docs/test-vectors.json: `sealWithEphemeral` with fixed ephemeral keys, so that both layers come
 * out byte for byte); everything else calls `sealCheckIn`.
 */
export async function sealCheckInWith(sealLayer: LayerSealer, input: SealCheckInInput): Promise<SealedCheckIn> {
  const day = dayOf(input.arrivedAt);
  if (input.officeKey.day !== day) throw new ProtocolError('wrong_day', `office key is for ${input.officeKey.day}, check-in is on ${day}`);
  const contact = v.parse(ContactWireSchema, input.contact);
  const context = { id: input.id ?? newId(), venueId: input.venueId, day, officeKeyId: input.officeKey.keyId };
  const ad = checkInAssociatedData(context);
  const reference = input.reference === undefined ? undefined : v.parse(ReferenceSchema, input.reference);
  const inner: InnerCheckIn = {
    v: 1,
    contact,
    arrivedAt: input.arrivedAt,
    areaId: input.areaId,
    reference,
    ...(input.inApp ? { app: true } : {}),
  };
  const innerEnvelope = await sealLayer(input.officeKey.publicKey, padded(inner), ad, INNER);
  const outer: OuterCheckIn = { v: 1, arrivedAt: input.arrivedAt, areaId: input.areaId, reference, inner: toBase64Url(innerEnvelope) };
  const outerEnvelope = await sealLayer(input.venueKey, padded(outer), ad, OUTER);
  const secret = randomBytes(32);
  return {
    ...context,
    arrivalBucket: floorToBucket(input.arrivedAt),
    ciphertext: toBase64Url(outerEnvelope),
    checkoutHash: await checkoutHashOf(toBase64Url(secret)),
    checkoutSecret: toBase64Url(secret),
  };
}

/** The venue's step: open the outer layer with the venue key. */
export async function openOuterLayer(
  venuePrivate: CryptoKey,
  venuePublic: Uint8Array,
  context: CheckInContext,
  ciphertext: string,
): Promise<OuterCheckIn> {
  const plaintext = await open(venuePrivate, venuePublic, decodeEnvelope(ciphertext), checkInAssociatedData(context), OUTER);
  return parseJson(OuterSchema, plaintext);
}

/** The health office's step: open an inner layer the venue released, with that day's office key. */
export async function openInnerLayer(
  officePrivate: CryptoKey,
  officePublic: Uint8Array,
  context: CheckInContext,
  inner: string,
): Promise<InnerCheckIn> {
  const plaintext = await open(officePrivate, officePublic, decodeEnvelope(inner), checkInAssociatedData(context), INNER);
  return parseJson(InnerSchema, plaintext);
}

export async function checkoutHashOf(secret: string): Promise<string> {
  return toBase64Url(await sha256(utf8(secret)));
}

/** JSON followed by spaces up to the next block boundary; JSON.parse ignores trailing whitespace. */
function padded(value: InnerCheckIn | OuterCheckIn): Bytes {
  const json = utf8(JSON.stringify(value));
  const out = new Uint8Array(Math.ceil((json.length + 1) / PADDING_BLOCK) * PADDING_BLOCK).fill(0x20);
  out.set(json);
  return out;
}

function decodeEnvelope(text: string): Bytes {
  try {
    return fromBase64Url(text);
  } catch {
    throw new ProtocolError('decryption_failed', 'ciphertext is not base64url');
  }
}

function parseJson<T extends v.GenericSchema>(schema: T, bytes: Uint8Array): v.InferOutput<T> {
  try {
    return v.parse(schema, JSON.parse(fromUtf8(bytes)));
  } catch {
    // Authenticated but malformed: only a buggy or malicious sender produces this.
    throw new ProtocolError('bad_payload', 'decrypted check-in is malformed');
  }
}
