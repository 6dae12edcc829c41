/**
 * The guest's check-in and checkout, from a scanned QR payload to the stored stay:
 *
 * 1. fetch the venue card and verify it against the poster's pins (trust model 4);
 * 2. fetch the venue's health office and verify its certificate and the day's key under the root
 *    pinned in the build (trust model 3);
 * 3. seal the contact data in two layers on the device (trust model 1, 2);
 * 4. keep the stay with its sealed request and checkout secret, then upload (trust model 9).
 *
 * Without a connection, steps 1-3 wait: the stay is kept as "pending" with the scanned payload
 * and the time of arrival, and `sync.ts` completes it when the server is reachable again.
 */
import { ProtocolError, fromBase64Url, randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import { checkoutHashOf, sealCheckIn } from '../../protocol/checkin.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { fingerprint, verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import { newId } from '../../protocol/ids.ts';
import type { CheckOut, OfficeDirectoryEntry } from '../../protocol/schemas.ts';
import { MINUTE_MS, dayOf } from '../../protocol/time.ts';
import { type VenueCard, type VenueQrPayload, type VerifiedVenue, verifyVenueCard } from '../../protocol/venue.ts';
import { parseVenueCode, venueCodeMatches } from '../../protocol/venue-code.ts';
import { ApiRequestError, api } from '../shared/api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../shared/pinned-root.ts';
import { type Stay, guestStore } from './guest-store.ts';

/** The stay assumed for a venue whose card could not be fetched yet. */
const FALLBACK_STAY_MINUTES = 120;

export async function verifyVenue(payload: VenueQrPayload): Promise<VerifiedVenue> {
  const { card } = await api.get<{ card: VenueCard }>(`/api/venues/${payload.venueId}`);
  return verifyVenueCard(card, payload);
}

/**
 * A typed venue code: the server finds the card by its first half; the second half pins its keys.
 * Returns the payload a QR code of that venue would carry, so both paths continue alike.
 */
export async function verifyVenueCode(input: string): Promise<{ payload: VenueQrPayload; venue: VerifiedVenue }> {
  const code = parseVenueCode(input);
  const { card } = await api.get<{ card: VenueCard }>(`/api/venues/by-code/${code.lookup}`);
  if (!(await venueCodeMatches(card, code))) throw new ProtocolError('bad_key', 'the venue keys do not match the printed code');
  const payload: VenueQrPayload = { venueId: card.venueId, officeId: card.officeId, encryptionKey: card.encryptionKey, signingKeyPin: await fingerprint(fromBase64Url(card.signingKey)) };
  return { payload, venue: await verifyVenueCard(card, payload) };
}

function describeVenue(stay: Stay, venue: VerifiedVenue): Stay {
  const { card, area } = venue;
  return {
    ...stay,
    verified: true,
    venueName: card.name,
    venueAddress: `${card.street}, ${card.postcode} ${card.city}`,
    areaName: area?.name,
    defaultStayMinutes: card.defaultStayMinutes,
  };
}

/**
 * Starts a stay at the venue the guest scanned and confirmed, and tries to send it at once.
 * `venue` is the verified card, or undefined when there was no connection to fetch it.
 */
export async function checkIn(payload: VenueQrPayload, venue: VerifiedVenue | undefined, contact: ContactData, now = Date.now()): Promise<Stay> {
  const base: Stay = {
    id: newId(),
    payload,
    verified: false,
    venueId: payload.venueId,
    officeId: payload.officeId,
    venueName: '',
    venueAddress: '',
    arrivedAt: now,
    defaultStayMinutes: FALLBACK_STAY_MINUTES,
    checkoutSecret: toBase64Url(randomBytes(32)),
    checkIn: 'pending',
  };
  let stay = venue ? describeVenue(base, venue) : base;
  // Sealing needs the office's keys; without a connection the stay waits with the payload.
  if (venue) stay = await seal(stay, venue, contact).catch((error: unknown) => (isOffline(error) ? stay : Promise.reject(error)));
  await guestStore.saveStay(stay);
  return completeCheckIn(stay, contact);
}

async function seal(stay: Stay, venue: VerifiedVenue, contact: ContactData): Promise<Stay> {
  const office = await api.get<OfficeDirectoryEntry>(`/api/offices/${venue.card.officeId}`);
  const officeKey = await verifiedKeyForDay(PINNED_ROOT_PUBLIC_KEY, office, dayOf(stay.arrivedAt), Date.now());
  const { checkoutSecret: _fresh, ...sealed } = await sealCheckIn({
    contact,
    venueId: venue.card.venueId,
    venueKey: venue.encryptionKey,
    officeKey,
    arrivedAt: stay.arrivedAt,
    areaId: venue.area?.id,
  });
  // The stay's own secret (already stored) is the one that counts.
  return { ...stay, request: { ...sealed, id: stay.id, checkoutHash: await checkoutHashOf(stay.checkoutSecret) } };
}

/**
 * Brings a stored stay as far as the connection allows: verify and seal if needed, upload the
 * check-in, then the checkout if there is one. Throws ApiRequestError('offline') when offline;
 * a venue that fails verification marks the stay "refused" and is never sent.
 */
export async function completeCheckIn(stay: Stay, contact: ContactData): Promise<Stay> {
  let current = stay;
  if (current.checkIn === 'pending') {
    if (!current.request) {
      try {
        const venue = await verifyVenue(current.payload);
        current = await seal(describeVenue(current, venue), venue, contact);
      } catch (error) {
        if (error instanceof ProtocolError) {
          current = { ...current, checkIn: 'refused' };
          await guestStore.saveStay(current);
        }
        throw error;
      }
      await guestStore.saveStay(current);
    }
    await api.post('/api/checkins', current.request);
    current = { ...current, checkIn: 'sent' };
    await guestStore.saveStay(current);
  }
  if (current.checkIn === 'sent' && current.checkOut === 'pending' && current.departedAt !== undefined) {
    const body: CheckOut = { secret: current.checkoutSecret, departedAt: current.departedAt };
    await api.post(`/api/checkins/${current.id}/checkout`, body);
    current = { ...current, checkOut: 'sent' };
    await guestStore.saveStay(current);
  }
  return current;
}

/** Records the checkout on the device first, then sends it (or leaves it queued when offline). */
export async function checkOut(stay: Stay, contact: ContactData, departedAt = Date.now()): Promise<Stay> {
  const leaving: Stay = { ...stay, departedAt, checkOut: 'pending' };
  await guestStore.saveStay(leaving);
  return completeCheckIn(leaving, contact);
}

/** The moment a stay ends on its own: the venue's default stay after arrival. */
export function automaticDeparture(stay: Stay): number {
  return stay.arrivedAt + stay.defaultStayMinutes * MINUTE_MS;
}

export function isOffline(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === 'offline';
}
