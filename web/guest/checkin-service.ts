/**
 * The guest's check-in and checkout, from a scanned QR payload to the stored stay:
 *
 * 1. fetch the venue card and verify it against the poster's pins (trust model 4);
 * 2. fetch the office the venue names and verify it and the day's key under the root pinned in
 *    the build (trust model 3);
 * 3. seal the contact data in two layers on the device (trust model 1, 2);
 * 4. keep the stay with its sealed request and checkout secret, then upload (trust model 9).
 *
 * Without a connection, steps 1-3 wait: the stay is kept as "pending" with the scanned payload
 * and the time of arrival, and `sync.ts` completes it later. All work on one stay runs under a
 * Web Lock named after it (also across tabs) and re-reads the stay first, so a checkout tapped
 * while the queue is flushing is neither lost nor sealed twice.
 */
import { type CheckOut, type CreateCheckIn, checkInRoutes } from '../../protocol/api/checkins.ts';
import { directoryRoutes } from '../../protocol/api/directory.ts';
import type { ResponseOf } from '../../protocol/api/route.ts';
import { type Bytes, ProtocolError, randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import type { ContactData } from '../../protocol/contact.ts';
import type { Companion } from '../../protocol/party.ts';
import { newId } from '../../protocol/ids.ts';
import type { OfficeDirectoryEntry } from '../../protocol/schemas.ts';
import { sealVisit } from '../../protocol/seal-visit.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import { type VenueCard, type VenueQrPayload, type VerifiedVenue, pinnedPayloadOf, verifyVenueCard } from '../../protocol/venue.ts';
import { parseVenueCode, venueCodeMatches } from '../../protocol/venue-code.ts';
import { ApiRequestError, call } from '../../client/api.ts';
import { failureRecord } from '../../client/error-text.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { fetchVerifiedVenue } from '../../client/visit-registration.ts';
import { type Stay, guestStore } from './guest-store.ts';

/** The stay assumed for a venue whose card could not be fetched yet. */
const FALLBACK_STAY_MINUTES = 120;

export async function verifyVenue(payload: VenueQrPayload): Promise<VerifiedVenue> {
  return (await fetchVerifiedVenue(payload)).venue;
}

/**
 * A typed venue code: the server finds the card by its first half; the second half pins its keys.
 * Returns the payload a QR code of that venue would carry, so both paths continue alike.
 */
export async function verifyVenueCode(input: string): Promise<{ payload: VenueQrPayload; venue: VerifiedVenue }> {
  const code = parseVenueCode(input);
  const { card } = await call(directoryRoutes.venueByCode, { params: { lookup: code.lookup } });
  // First the card on its own: signed by its key, its id the one its keys give. A card that fails
  // here is the server's doing (bad_key / bad_signature), whatever was typed.
  const payload = await pinnedPayloadOf(card);
  const venue = await verifyVenueCard(card, payload);
  // Then the pin: a venue's own card with another pin is most likely a typo in the second half.
  if (!(await venueCodeMatches(card, code))) throw new ProtocolError('bad_payload', 'the code’s second half does not match this venue');
  return { payload, venue };
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

/** Where the stays are kept: IndexedDB (guest-store.ts); memory in tests. */
export type StayStore = Pick<typeof guestStore, 'stay' | 'saveStay'>;

/** The Worker, as far as a check-in needs it. Each call throws ApiRequestError ('offline' without a connection). */
export interface CheckInApi {
  /** The venue's signed card, not yet checked (the service checks it against the scanned pins). */
  venueCard(venueId: string): Promise<VenueCard>;
  /** The office with its daily keys, not yet checked (sealing checks them under the pinned root). */
  office(officeId: string): Promise<OfficeDirectoryEntry>;
  /** Uploads a sealed check-in; a retry of one stored earlier is accepted too. */
  createCheckIn(request: CreateCheckIn): Promise<ResponseOf<typeof checkInRoutes.create>>;
  checkOut(checkInId: string, body: CheckOut): Promise<ResponseOf<typeof checkInRoutes.checkOut>>;
}

export interface CheckInDependencies {
  store: StayStore;
  api: CheckInApi;
  /** The root every office certificate must chain to: the one pinned in the build. */
  root: Bytes;
}

/** The Worker through the contract (client/api.ts checks every answer against its route). */
export const workerCheckInApi: CheckInApi = {
  venueCard: async (venueId) => (await call(directoryRoutes.venue, { params: { venueId } })).card,
  office: (officeId) => call(directoryRoutes.office, { params: { officeId } }),
  createCheckIn: (request) => call(checkInRoutes.create, { body: request }),
  checkOut: (checkInId, body) => call(checkInRoutes.checkOut, { params: { checkInId }, body }),
};

/** Runs `work` while holding this stay's lock (Web Locks: also excludes other tabs). */
async function withStay<T>(id: string, work: () => Promise<T>): Promise<T> {
  // Node (the unit tests) and older browsers have no Web Locks, whatever the DOM types say.
  const locks: LockManager | undefined = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  // request() resolves with the callback's result.
  return locks.request(`luca-stay:${id}`, work);
}

/** A 4xx that retrying cannot fix (not a timeout, not a rate limit). */
function isPermanent(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

export interface CheckInService {
  /**
   * Starts a stay at the venue the guest scanned and confirmed, and tries to send it at once.
   * `venue` is the verified card, or undefined when there was no connection to fetch it;
   * `companions` the persons who came along (kept on the stay, sealed with it, even later offline).
   */
  checkIn: (
    payload: VenueQrPayload,
    venue: VerifiedVenue | undefined,
    contact: ContactData,
    now?: number,
    companions?: readonly Companion[],
  ) => Promise<Stay>;
  /**
   * Brings a stored stay as far as the connection allows: verify and seal (once), upload the
   * check-in, then the checkout if there is one. Throws ApiRequestError('offline') when offline.
   * Final outcomes are recorded on the stay: "refused" if the venue does not verify, "failed" if
   * the office keys or the server refuse it for good.
   */
  completeCheckIn: (id: string, contact: ContactData, knownVenue?: VerifiedVenue) => Promise<Stay>;
  /** Records the checkout on the device first (once), then sends it or leaves it queued. */
  checkOut: (id: string, contact: ContactData, departedAt?: number) => Promise<Stay>;
}

/** The guest's check-ins and checkouts, on `store`, sent through `api`. */
export function checkInService({ store, api, root }: CheckInDependencies): CheckInService {
  async function seal(stay: Stay, venue: VerifiedVenue, contact: ContactData): Promise<Stay> {
    const office = await api.office(venue.card.officeId);
    // The stay's own id and secret (already stored) are the ones that count; a kiosk's code goes along.
    const { request } = await sealVisit({
      root,
      venue,
      office,
      contact,
      arrivedAt: stay.arrivedAt,
      id: stay.id,
      checkoutSecret: stay.checkoutSecret,
      kiosk: stay.payload.kiosk,
      // The persons who came along, as chosen at check-in: one check-in for the whole group.
      companions: stay.companions,
      // In the app's history: the warning feed reaches this guest, and the office sees so.
      inApp: true,
      now: Date.now(),
    });
    return { ...stay, request };
  }

  function completeCheckIn(id: string, contact: ContactData, knownVenue?: VerifiedVenue): Promise<Stay> {
    return withStay(id, async () => {
      let stay = await store.stay(id);
      if (!stay) throw new Error('this stay is no longer on the device');
      const record = async (next: Stay) => {
        await store.saveStay(next);
        stay = next;
      };
      if (stay.checkIn === 'pending' && !stay.request) {
        let venue: VerifiedVenue;
        try {
          venue = knownVenue ?? (await verifyVenueCard(await api.venueCard(stay.payload.venueId), stay.payload));
        } catch (error) {
          if (error instanceof ProtocolError) await record({ ...stay, checkIn: 'refused', problem: failureRecord(error) });
          throw error;
        }
        try {
          await record(await seal(describeVenue(stay, venue), venue, contact));
        } catch (error) {
          if (error instanceof ProtocolError || isPermanent(error))
            await record({ ...stay, checkIn: 'failed', problem: failureRecord(error) });
          throw error;
        }
      }
      if (stay.checkIn === 'pending' && stay.request) {
        try {
          await api.createCheckIn(stay.request);
        } catch (error) {
          if (isPermanent(error)) await record({ ...stay, checkIn: 'failed', problem: failureRecord(error) });
          throw error;
        }
        await record({ ...stay, checkIn: 'sent' });
      }
      if (stay.checkIn === 'sent' && stay.checkOut === 'pending' && stay.departedAt !== undefined) {
        try {
          await api.checkOut(stay.id, { secret: stay.checkoutSecret, departedAt: stay.departedAt });
        } catch (error) {
          if (isPermanent(error)) await record({ ...stay, checkOut: 'failed', problem: failureRecord(error) });
          throw error;
        }
        await record({ ...stay, checkOut: 'sent' });
      }
      return stay;
    });
  }

  return {
    async checkIn(payload, venue, contact, now = Date.now(), companions = []) {
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
        // Never an empty list: alone is "no companions", as on the wire.
        ...(companions.length > 0 ? { companions: [...companions] } : {}),
        checkIn: 'pending',
      };
      await store.saveStay(venue ? describeVenue(base, venue) : base);
      return completeCheckIn(base.id, contact, venue);
    },
    completeCheckIn,
    async checkOut(id, contact, departedAt = Date.now()) {
      await withStay(id, async () => {
        const stay = await store.stay(id);
        if (stay && stay.departedAt === undefined) await store.saveStay({ ...stay, departedAt, checkOut: 'pending' });
      });
      return completeCheckIn(id, contact);
    },
  };
}

/** The guest app's: its IndexedDB, the Worker, the root pinned in the build. */
export const guestCheckIns = checkInService({ store: guestStore, api: workerCheckInApi, root: PINNED_ROOT_PUBLIC_KEY });
export const { checkIn, completeCheckIn, checkOut } = guestCheckIns;

/** The moment a stay ends on its own: the venue's default stay after arrival. */
export function automaticDeparture(stay: Stay): number {
  return stay.arrivedAt + stay.defaultStayMinutes * MINUTE_MS;
}

export function isOffline(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === 'offline';
}
