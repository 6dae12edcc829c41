/**
 * Sealing one visit for the Worker, the one way every party does it (the guest app, the widget's
 * frame and the "saved data" popup, and the tests and benchmarks that act as a guest's device):
 *
 * 1. the venue's office and its daily key for the day of arrival are checked under the pinned root
 *    (trust model 3): the server vouches for no key;
 * 2. the contact data is sealed in two layers for that key and the venue's key (trust model 1, 2);
 * 3. the wire request of `POST /api/checkins` is built: the outer ciphertext, the coarse times, the
 *    hash of the checkout secret, and a kiosk's code when the guest scanned one.
 *
 * The venue must already be verified against the pins its QR code or widget attribute carries
 * (protocol/venue.ts verifyVenueCard, trust model 4).
 */
import type { CreateCheckIn } from './api/checkins.ts';
import type { Bytes } from './bytes.ts';
import { checkoutHashOf, sealCheckIn } from './checkin.ts';
import type { ContactData } from './contact.ts';
import { type DailyKey, type OfficeCertificate, verifiedKeyForDay } from './hierarchy.ts';
import type { KioskToken } from './kiosk-code.ts';
import type { Companion } from './party.ts';
import { DAY_MS, ceilToBucket, dayOf } from './time.ts';
import type { VerifiedVenue } from './venue.ts';

export interface SealVisitInput {
  /** The root every office certificate must chain to: the one pinned in the build. */
  root: Bytes | CryptoKey;
  /** The venue, its card verified against the pins of its QR code or widget attribute. */
  venue: Pick<VerifiedVenue, 'card' | 'encryptionKey'> & { area?: VerifiedVenue['area'] };
  /** The venue's office as the directory answers it (GET /api/offices/:officeId), not yet checked. */
  office: { certificate: OfficeCertificate; dailyKeys: readonly DailyKey[] };
  contact: ContactData;
  /** The persons who come with the guest (protocol/party.ts); sealed into the same check-in. */
  companions?: readonly Companion[] | undefined;
  arrivedAt: number;
  /** The end of a booked window; absent for an open stay (a scan, a kiosk walk-in), closed by a checkout. */
  departure?: number | undefined;
  /** A booking's table or a ticket's seat. */
  reference?: string | undefined;
  /** A kiosk's rotating code, sent along as the guest scanned it. */
  kiosk?: KioskToken | undefined;
  /** The visit goes into a guest app's history (a scan, the "saved data" popup): the office sees it can be warned there. */
  inApp?: boolean | undefined;
  /** The id the device already keeps for this visit (the guest app's stay); else a new one. */
  id?: string | undefined;
  /** The checkout secret the device already keeps for this visit; else a new one. */
  checkoutSecret?: string | undefined;
  /** For the office certificate's validity. */
  now: number;
}

export interface SealedVisit {
  /** The body of POST /api/checkins. */
  request: CreateCheckIn;
  /** Stays on the device: it checks out, asks about and cancels this visit (trust model 9). */
  checkoutSecret: string;
}

/**
 * Checks the office's daily key for the day of arrival and seals the visit. Throws the
 * ProtocolError of the check (`wrong_office`, `wrong_day` when the office has published no key
 * for that day, a bad certificate or signature), or of the contact's and reference's schemas.
 */
export async function sealVisit(input: SealVisitInput): Promise<SealedVisit> {
  const { venue } = input;
  const officeKey = await verifiedKeyForDay(input.root, input.office, venue.card.officeId, dayOf(input.arrivedAt), input.now);
  const { checkoutSecret: drawn, ...sealed } = await sealCheckIn({
    id: input.id,
    contact: input.contact,
    companions: input.companions,
    venueId: venue.card.venueId,
    venueKey: venue.encryptionKey,
    officeKey,
    arrivedAt: input.arrivedAt,
    areaId: venue.area?.id,
    reference: input.reference,
    inApp: input.inApp,
  });
  const checkoutSecret = input.checkoutSecret ?? drawn;
  const request: CreateCheckIn = {
    ...sealed,
    ...(input.checkoutSecret === undefined ? {} : { checkoutHash: await checkoutHashOf(input.checkoutSecret) }),
    // A booked window ends within a day of its start (the Worker refuses longer stays).
    ...(input.departure === undefined ? {} : { departureBucket: Math.min(ceilToBucket(input.departure), sealed.arrivalBucket + DAY_MS) }),
    ...(input.kiosk ? { kiosk: input.kiosk } : {}),
  };
  return { request, checkoutSecret };
}
