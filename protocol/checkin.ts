/**
 * Two-layer encryption of one check-in (PROTOCOL.md "Check-in"):
 *
 *   inner = seal(officeDailyKey, {v, contact, companions?, arrivedAt, areaId, reference}, AD, "checkin-inner")
 *   outer = seal(venueKey,       {v, arrivedAt, areaId, reference, party?, inner},  AD, "checkin-outer")
 *   AD    = encodeFields("luca-next/v1/checkin", checkInId, venueId, day, officeKeyId)
 *
 * The server stores `outer` only. The venue can open the outer layer (to select the check-ins in a
 * requested window) but not the inner; the office can open the inner only after the venue released
 * it. The associated data ties both layers to one check-in id, venue, day and office key, so a
 * ciphertext replayed under another id, or moved to another venue or day, does not decrypt.
 *
 * A group (the guest and up to nine companions, protocol/party.ts) is one check-in: one row, one
 * checkout secret. Its size is hidden from the server by padding: the inner plaintext to the next
 * size of INNER_SIZES, the outer one to a size that depends on the inner one's alone
 * (`outerSizeFor`), so a guest alone and a family of four with everyday data are the same 1 KiB
 * bucket (PROTOCOL.md "Check-in", Groups).
 */
import * as v from 'valibot';
import { type Bytes, ProtocolError, encodeFields, fromBase64Url, fromUtf8, randomBytes, sha256, toBase64Url, utf8 } from './bytes.ts';
import { type ContactData, ContactWireSchema } from './contact.ts';
import { MIN_ENVELOPE_LENGTH, seal, open } from './hybrid.ts';
import { type Companion, CompanionsSchema, PARTY_LIMIT, ReferenceSchema } from './party.ts';
import { CHECKIN_INNER, sealedEnvelope } from './sealed-size.ts';
import type { VerifiedDailyKey } from './hierarchy.ts';
import { newId } from './ids.ts';
import { dayOf, floorToBucket } from './time.ts';

export { ReferenceSchema };

const AD_LABEL = 'luca-next/v1/checkin';
/**
 * The lengths an inner plaintext is padded to (JSON whitespace): the smallest that holds it. A
 * guest alone and a group of up to four or five with everyday names and one address fit the first;
 * a plaintext longer than the last is refused (`party_too_large`).
 */
export const INNER_SIZES = [1024, 2048, 4096, 8192, 16384] as const;
/**
 * Room for the outer layer's own fields beside the inner envelope: the largest v, arrivedAt, areaId,
 * reference (80 units JSON escapes to six bytes each), party and the keys take under 600 bytes.
 */
const OUTER_FIELDS_ROOM = 768;

/**
 * The outer plaintext's padded size for an inner plaintext of `innerSize` bytes: the inner
 * envelope in base64url plus OUTER_FIELDS_ROOM, rounded up to 256 bytes. It depends on the inner
 * size alone, so the outer layer's length tells no more than the inner's bucket
 * (1024 → 2304, 2048 → 3840, 4096 → 6400, 8192 → 12032, 16384 → 22784).
 */
export function outerSizeFor(innerSize: number): number {
  const innerEnvelopeCharacters = Math.ceil(((innerSize + MIN_ENVELOPE_LENGTH) * 4) / 3);
  return Math.ceil((innerEnvelopeCharacters + OUTER_FIELDS_ROOM) / 256) * 256;
}
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
const OptionalReference = v.optional(ReferenceSchema);

const InnerSchema = v.strictObject({
  v: v.literal(1),
  contact: ContactWireSchema,
  /** The persons who came with the guest; absent when the guest came alone. */
  companions: v.optional(CompanionsSchema),
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
  /** How many persons came (2 to PARTY_LIMIT); absent for one. The venue seats them anyway; the server never sees it. */
  party: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(PARTY_LIMIT))),
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
  /** The persons who come with the guest (at most PARTY_LIMIT - 1); none when absent or empty. */
  companions?: readonly Companion[] | undefined;
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
  const companions = parseCompanions(input.companions);
  const inner: InnerCheckIn = {
    v: 1,
    contact,
    ...(companions ? { companions } : {}),
    arrivedAt: input.arrivedAt,
    areaId: input.areaId,
    reference,
    ...(input.inApp ? { app: true } : {}),
  };
  const innerPlaintext = paddedToLadder(inner);
  const innerEnvelope = await sealLayer(input.officeKey.publicKey, innerPlaintext, ad, INNER);
  const outer: OuterCheckIn = {
    v: 1,
    arrivedAt: input.arrivedAt,
    areaId: input.areaId,
    reference,
    ...(companions ? { party: 1 + companions.length } : {}),
    inner: toBase64Url(innerEnvelope),
  };
  const outerEnvelope = await sealLayer(input.venueKey, paddedTo(outer, outerSizeFor(innerPlaintext.length)), ad, OUTER);
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

function parseCompanions(companions: readonly Companion[] | undefined): Companion[] | undefined {
  if (companions === undefined || companions.length === 0) return undefined;
  if (companions.length > PARTY_LIMIT - 1) throw new ProtocolError('party_too_large', `at most ${PARTY_LIMIT} persons check in together`);
  return v.parse(CompanionsSchema, companions);
}

/** JSON followed by spaces up to the smallest of INNER_SIZES that holds it (JSON.parse ignores trailing whitespace). */
function paddedToLadder(value: InnerCheckIn): Bytes {
  const length = utf8(JSON.stringify(value)).length;
  const size = INNER_SIZES.find((candidate) => candidate > length);
  if (size === undefined) throw new ProtocolError('party_too_large', `the check-in's data exceed ${INNER_SIZES.at(-1)} bytes`);
  return paddedTo(value, size);
}

/** JSON followed by spaces up to exactly `size` bytes; the sizes are chosen so that it always fits. */
function paddedTo(value: InnerCheckIn | OuterCheckIn, size: number): Bytes {
  const json = utf8(JSON.stringify(value));
  if (json.length >= size) throw new ProtocolError('party_too_large', `the check-in's data exceed ${size} bytes`);
  const out = new Uint8Array(size).fill(0x20);
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
