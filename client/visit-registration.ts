/**
 * Registering a visit for a known window (the widget's booking, ticket and kiosk modes, and the
 * "use my saved luca data" popup): the same verification and sealing as a guest's scan.
 *
 * 1. the venue card is fetched and checked against the pins the venue's website carries in the
 *    widget's venue attribute (trust model 4);
 * 2. the office and its daily key for the day the window starts are checked under the root key
 *    pinned in the build (trust model 3) - for a future day, the key published ahead;
 * 3. the contact data is sealed in two layers here (trust model 1, 2) and only the outer
 *    ciphertext goes to the Worker, with the window as coarse buckets (a kiosk walk-in: the
 *    arrival only, an open stay).
 *
 * The checkout secret becomes the cancel token handed to the host page: it can cancel this
 * registration and nothing else.
 */
import { checkInRoutes } from '../protocol/api/checkins.ts';
import { directoryRoutes } from '../protocol/api/directory.ts';
import { ProtocolError } from '../protocol/bytes.ts';
import type { ContactData } from '../protocol/contact.ts';
import { type VerifiedDailyKey, verifiedKeyForDay } from '../protocol/hierarchy.ts';
import type { KioskToken } from '../protocol/kiosk-code.ts';
import type { Companion } from '../protocol/party.ts';
import { sealVisit } from '../protocol/seal-visit.ts';
import { MINUTE_MS, dayOf } from '../protocol/time.ts';
import { type VenueQrPayload, type VerifiedVenue, verifyVenueCard } from '../protocol/venue.ts';
import { type RegisteredDetail, encodeCancelToken } from '../protocol/widget.ts';
import { call } from './api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from './pinned-root.ts';

export interface EmbeddableVenue {
  venue: VerifiedVenue;
  allowedOrigins: string[];
}

export async function fetchVerifiedVenue(payload: VenueQrPayload): Promise<EmbeddableVenue> {
  const { card, allowedOrigins } = await call(directoryRoutes.venue, { params: { venueId: payload.venueId } });
  return { venue: await verifyVenueCard(card, payload), allowedOrigins };
}

/**
 * A booked window (booking, ticket), or an open stay (kiosk: `end` absent), which is stored
 * without a departure, like a scan in the app before checkout: the office then assumes the
 * venue's usual stay for it, as for every stay without a checkout.
 */
export interface VisitWindow {
  start: number;
  end?: number | undefined;
}

export interface VisitRequest {
  window: VisitWindow;
  reference?: string | undefined;
  kiosk?: KioskToken | undefined;
  /** The visit is kept in the guest app's history (the "saved data" popup), so its warnings reach the guest. */
  inApp?: boolean | undefined;
  /** The persons who come with the guest (a group booking, the kiosk's further persons): one check-in for all. */
  companions?: readonly Companion[] | undefined;
}

/** Thrown when the office has not published its key for the window's day yet (the day is beyond its publication horizon). */
export class TooEarlyError extends Error {
  constructor(readonly day: string) {
    super(`registration for ${day} is not open yet`);
    this.name = 'TooEarlyError';
  }
}

/** A visit's day the office has published no key for: for a day still ahead, a TooEarlyError. */
function tooEarlyIfAhead(start: number): (error: unknown) => never {
  return (error) => {
    if (error instanceof ProtocolError && error.code === 'wrong_day' && start > Date.now()) throw new TooEarlyError(dayOf(start));
    throw error;
  };
}

/**
 * The venue's office's daily key for the day a visit starts, verified up to the pinned root; a
 * day the office has no key for yet is a TooEarlyError. Asked before the guest types anything.
 */
export async function officeKeyForVisit(venue: VerifiedVenue, start: number): Promise<VerifiedDailyKey> {
  const office = await call(directoryRoutes.office, { params: { officeId: venue.card.officeId } });
  return verifiedKeyForDay(PINNED_ROOT_PUBLIC_KEY, office, venue.card.officeId, dayOf(start), Date.now()).catch(tooEarlyIfAhead(start));
}

export interface RegisterOptions {
  /** Told the check-in's id and cancel token once sealed, before it is sent (the host can then never lose it). */
  onSealed?: ((detail: RegisteredDetail) => void) | undefined;
  /** A developer's sandbox: sealed as for real, never sent. */
  sandbox?: boolean | undefined;
}

export async function registerVisit(
  venue: VerifiedVenue,
  contact: ContactData,
  request: VisitRequest,
  options: RegisterOptions = {},
): Promise<RegisteredDetail> {
  const { start, end } = request.window;
  const office = await call(directoryRoutes.office, { params: { officeId: venue.card.officeId } });
  const { request: body, checkoutSecret } = await sealVisit({
    root: PINNED_ROOT_PUBLIC_KEY,
    venue,
    office,
    contact,
    arrivedAt: start,
    departure: end,
    reference: request.reference,
    kiosk: request.kiosk,
    inApp: request.inApp,
    companions: request.companions,
    now: Date.now(),
  }).catch(tooEarlyIfAhead(start));
  // The host page learns the window; for an open stay, the end the office will assume.
  const shownEnd = end ?? start + venue.card.defaultStayMinutes * MINUTE_MS;
  const detail: RegisteredDetail = {
    checkinId: body.id,
    cancelToken: encodeCancelToken(body.id, checkoutSecret),
    window: { start: new Date(start).toISOString(), end: new Date(shownEnd).toISOString() },
    ...(options.sandbox ? { sandbox: true } : {}),
  };
  options.onSealed?.(detail);
  if (!options.sandbox) await call(checkInRoutes.create, { body });
  return detail;
}
