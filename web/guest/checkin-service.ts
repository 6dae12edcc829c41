/**
 * The guest's check-in and checkout, from a scanned QR payload to the stored stay:
 *
 * 1. fetch the venue card and verify it against the poster's pins (trust model 4);
 * 2. fetch the venue's health office and verify its certificate and today's key under the root
 *    pinned in the build (trust model 3);
 * 3. seal the contact data in two layers on the device (trust model 1, 2);
 * 4. keep the stay with its wire request and checkout secret, then upload (trust model 9).
 */
import { sealCheckIn } from '../../protocol/checkin.ts';
import type { ContactData } from '../../protocol/contact.ts';
import { verifiedKeyForDay } from '../../protocol/hierarchy.ts';
import type { CheckOut, CreateCheckIn, OfficeDirectoryEntry } from '../../protocol/schemas.ts';
import { dayOf } from '../../protocol/time.ts';
import { type VenueCard, type VenueQrPayload, type VerifiedVenue, verifyVenueCard } from '../../protocol/venue.ts';
import { ApiRequestError, api } from '../shared/api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../shared/pinned-root.ts';
import { type Stay, guestStore } from './guest-store.ts';

export async function verifyVenue(payload: VenueQrPayload): Promise<VerifiedVenue> {
  const { card } = await api.get<{ card: VenueCard }>(`/api/venues/${payload.venueId}`);
  return verifyVenueCard(card, payload);
}

export async function checkIn(venue: VerifiedVenue, contact: ContactData, now = Date.now()): Promise<Stay> {
  const office = await api.get<OfficeDirectoryEntry>(`/api/offices/${venue.card.officeId}`);
  const officeKey = await verifiedKeyForDay(PINNED_ROOT_PUBLIC_KEY, office, dayOf(now), now);
  const sealed = await sealCheckIn({
    contact,
    venueId: venue.card.venueId,
    venueKey: venue.encryptionKey,
    officeKey,
    arrivedAt: now,
    areaId: venue.area?.id,
  });
  const { checkoutSecret, ...request } = sealed;
  const stay: Stay = {
    id: sealed.id,
    venueId: venue.card.venueId,
    venueName: venue.card.name,
    venueAddress: `${venue.card.street}, ${venue.card.postcode} ${venue.card.city}`,
    areaName: venue.area?.name,
    arrivedAt: now,
    defaultStayMinutes: venue.card.defaultStayMinutes,
    checkoutSecret,
    checkIn: { state: 'pending', request },
  };
  await guestStore.saveStay(stay);
  return sendCheckIn(stay);
}

/** Uploads a stored check-in; a retry of an already stored id is answered 200 and counts as sent. */
export async function sendCheckIn(stay: Stay): Promise<Stay> {
  await api.post<{ id: string }>('/api/checkins', stay.checkIn.request satisfies CreateCheckIn);
  const sent: Stay = { ...stay, checkIn: { ...stay.checkIn, state: 'sent' } };
  await guestStore.saveStay(sent);
  return sent;
}

export async function checkOut(stay: Stay, now = Date.now()): Promise<Stay> {
  const leaving: Stay = { ...stay, departedAt: now, checkOut: { state: 'pending' } };
  await guestStore.saveStay(leaving);
  const body: CheckOut = { secret: stay.checkoutSecret, departedAt: now };
  await api.post(`/api/checkins/${stay.id}/checkout`, body);
  const done: Stay = { ...leaving, checkOut: { state: 'sent' } };
  await guestStore.saveStay(done);
  return done;
}

export function isOffline(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === 'offline';
}
