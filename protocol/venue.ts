/**
 * A venue's public identity: two P-256 key pairs generated in the operator's browser
 * (encryption: the outer layer of every check-in; signing: the venue card and kiosk codes), and a
 * "venue card" (name, address, areas, both public keys) signed with the venue's signing key.
 * The QR payload pins the encryption key itself and a fingerprint of the signing key, so a guest
 * who scans a poster can check that the card the server returns is the venue's own. The venue id
 * is derived from both keys and the office (protocol/venue-id.ts), so the id alone pins them too.
 */
import * as v from 'valibot';
import { type Bytes, ProtocolError, fromBase64Url, toBase64Url } from './bytes.ts';
import { fingerprint } from './hierarchy.ts';
import { importPublicKey } from './keys.ts';
import { type KioskToken, decodeKioskToken, encodeKioskToken } from './kiosk-code.ts';
import { signFields, verifyFields } from './signing.ts';
import { deriveVenueId, venueIdMatchesKeys } from './venue-id.ts';
import { IdSchema, PublicKeySchema, SignatureSchema } from './wire-primitives.ts';

const CARD_LABEL = 'luca-next/v1/venue-card';

export const VENUE_KINDS = ['restaurant', 'cafe', 'bar', 'club', 'cinema', 'theatre', 'shop', 'authority', 'event', 'other'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

export const VenueAreaSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,16}$/)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(60)),
});

/** A venue's public card, signed by the venue's own key (trust model 4). */
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
  areas: v.pipe(v.array(VenueAreaSchema), v.maxLength(500)),
  encryptionKey: PublicKeySchema,
  signingKey: PublicKeySchema,
  signature: SignatureSchema,
});

export type VenueArea = v.InferOutput<typeof VenueAreaSchema>;
export type VenueCard = v.InferOutput<typeof VenueCardSchema>;

export type UnsignedVenueCard = Omit<VenueCard, 'v' | 'signature'>;

function cardFields(card: UnsignedVenueCard): string[] {
  return [
    card.venueId,
    card.officeId,
    card.name,
    card.street,
    card.postcode,
    card.city,
    card.kind,
    String(card.defaultStayMinutes),
    JSON.stringify(card.areas.map((area) => [area.id, area.name])),
    card.encryptionKey,
    card.signingKey,
  ];
}

export async function signVenueCard(venueSigningPrivate: CryptoKey, card: UnsignedVenueCard): Promise<VenueCard> {
  const signature = await signFields(venueSigningPrivate, CARD_LABEL, ...cardFields(card));
  return { v: 1, ...card, signature: toBase64Url(signature) };
}

/** A new venue's card: its id derived from its keys and office (protocol/venue-id.ts), signed with its signing key. */
export async function signNewVenueCard(venueSigningPrivate: CryptoKey, card: Omit<UnsignedVenueCard, 'venueId'>): Promise<VenueCard> {
  return signVenueCard(venueSigningPrivate, { ...card, venueId: await deriveVenueId(card) });
}

export interface VerifiedVenue {
  card: VenueCard;
  encryptionKey: Bytes;
  area: VenueArea | undefined;
}

/**
 * Checks a card fetched from the server against the pins in a scanned QR payload. Throws
 * `bad_key` if the server's keys are not the poster's, `bad_signature` if the card was altered.
 */
export async function verifyVenueCard(card: VenueCard, pinned: VenueQrPayload): Promise<VerifiedVenue> {
  if (card.venueId !== pinned.venueId || card.officeId !== pinned.officeId) {
    throw new ProtocolError('bad_payload', 'venue card does not belong to this QR code');
  }
  if (card.encryptionKey !== pinned.encryptionKey) {
    throw new ProtocolError('bad_key', 'the server returned a different venue key than the poster pins');
  }
  let signingKey: Bytes;
  let signature: Bytes;
  try {
    signingKey = fromBase64Url(card.signingKey);
    signature = fromBase64Url(card.signature);
  } catch {
    throw new ProtocolError('bad_key', 'venue card keys are not base64url');
  }
  if ((await fingerprint(signingKey)) !== pinned.signingKeyPin) {
    throw new ProtocolError('bad_key', 'the venue signing key does not match the poster');
  }
  // The id is derived from the keys (protocol/venue-id.ts): a card under a real venue's id with
  // other keys is refused here, even where only the id was pinned (a typed code, an audit entry).
  if (!(await venueIdMatchesKeys(card.venueId, card))) {
    throw new ProtocolError('bad_key', 'the venue id is not derived from the card’s keys');
  }
  if (!(await verifyFields(signingKey, signature, CARD_LABEL, ...cardFields(card)))) {
    throw new ProtocolError('bad_signature', 'venue card signature is invalid');
  }
  const encryptionKey = fromBase64Url(card.encryptionKey);
  await importPublicKey(encryptionKey, 'encryption');
  const area = pinned.areaId === undefined ? undefined : card.areas.find((candidate) => candidate.id === pinned.areaId);
  if (pinned.areaId !== undefined && !area) throw new ProtocolError('bad_payload', 'the QR code names an area the venue does not have');
  return { card, encryptionKey, area };
}

/** What a venue poster's QR code carries in its URL fragment (PROTOCOL.md "Venue QR code"). */
export interface VenueQrPayload {
  venueId: string;
  officeId: string;
  encryptionKey: string;
  signingKeyPin: string;
  areaId?: string | undefined;
  /** Only on a kiosk's rotating code (protocol/kiosk-code.ts). */
  kiosk?: KioskToken | undefined;
}

/** What a poster of this card pins (no area, no kiosk token): the venue's keys as its QR code carries them. */
export async function pinnedPayloadOf(card: VenueCard): Promise<VenueQrPayload> {
  return {
    venueId: card.venueId,
    officeId: card.officeId,
    encryptionKey: card.encryptionKey,
    signingKeyPin: await fingerprint(fromBase64Url(card.signingKey)),
  };
}

const QR_VERSION = '1';
const ID = /^[A-Za-z0-9_-]{22}$/;
const KEY = /^[A-Za-z0-9_-]{87}$/;
const AREA_ID = /^[A-Za-z0-9_-]{1,16}$/;
/** The path the PWA serves check-in links on; the payload follows in the fragment. */
export const CHECKIN_PATH = '/c';

export function encodeVenueQrPayload(payload: VenueQrPayload): string {
  const parts = [QR_VERSION, payload.venueId, payload.officeId, payload.encryptionKey, payload.signingKeyPin];
  if (payload.areaId !== undefined) parts.push(payload.areaId);
  const kiosk = payload.kiosk ? `~${encodeKioskToken(payload.kiosk)}` : '';
  const encoded = parts.join('.') + kiosk;
  decodeVenueQrPayload(encoded); // refuse to print something the apps would not accept
  return encoded;
}

export function decodeVenueQrPayload(text: string): VenueQrPayload {
  const tilde = text.indexOf('~');
  const kiosk = tilde === -1 ? undefined : decodeKioskToken(text.slice(tilde + 1));
  const parts = (tilde === -1 ? text : text.slice(0, tilde)).split('.');
  const [version, venueId, officeId, encryptionKey, signingKeyPin, areaId] = parts;
  if (version !== QR_VERSION) throw new ProtocolError('bad_payload', 'unknown QR code version');
  if (parts.length < 5 || parts.length > 6) throw new ProtocolError('bad_payload', 'QR code has the wrong number of parts');
  if (!venueId || !ID.test(venueId)) throw new ProtocolError('bad_payload', 'QR code has no valid venue id');
  if (!officeId || !ID.test(officeId)) throw new ProtocolError('bad_payload', 'QR code has no valid office id');
  if (!encryptionKey || !KEY.test(encryptionKey)) throw new ProtocolError('bad_payload', 'QR code has no valid venue key');
  if (!signingKeyPin || !ID.test(signingKeyPin)) throw new ProtocolError('bad_payload', 'QR code has no valid key pin');
  if (areaId !== undefined && !AREA_ID.test(areaId)) throw new ProtocolError('bad_payload', 'QR code has an invalid area');
  return kiosk
    ? { venueId, officeId, encryptionKey, signingKeyPin, areaId, kiosk }
    : { venueId, officeId, encryptionKey, signingKeyPin, areaId };
}

export function venueQrUrl(origin: string, payload: VenueQrPayload): string {
  return `${origin}${CHECKIN_PATH}#${encodeVenueQrPayload(payload)}`;
}

/**
 * Reads a scanned or pasted check-in link. With `expectedOrigin`, a link to another site is
 * refused: a poster pasted over the real one must not send guests elsewhere unnoticed.
 */
export function parseVenueQrUrl(text: string, expectedOrigin?: string): VenueQrPayload {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ProtocolError('bad_payload', 'not a link');
  }
  if (expectedOrigin !== undefined && url.origin !== expectedOrigin) {
    throw new ProtocolError('bad_payload', 'this QR code belongs to another website');
  }
  if (url.pathname !== CHECKIN_PATH) throw new ProtocolError('bad_payload', 'not a check-in link');
  return decodeVenueQrPayload(url.hash.slice(1));
}
