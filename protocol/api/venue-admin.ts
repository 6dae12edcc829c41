/**
 * The venue operator's own venues (behind a venue account's session; trust model 2, 4, 14): the
 * card is made and signed in the operator's browser (the private keys never reach the server),
 * a venue stays a draft until the operator proves a restored recovery kit, and a venue the
 * deployment holds can be taken over with a one-time code. Another operator's venue is answered
 * `unknown_venue`, exactly as one that does not exist. The inbox of office requests:
 * venue-requests.ts.
 */
import * as v from 'valibot';
import { EmbedOriginSchema, VenueSettingsSchema } from '../schemas.ts';
import { CHECKIN_OUTER, sealedEnvelope } from '../sealed-size.ts';
import { HOUR_MS, PUBLISH_AHEAD_DAYS, RETENTION_DAYS } from '../time.ts';
import { VenueCardSchema } from '../venue.ts';
import { DaySchema, IdSchema, SignatureSchema, TimeMsSchema, base64url } from '../wire-primitives.ts';
import { route } from './route.ts';

/** A venue as its operator sees it: the signed card and what only the operator may change. */
export const OwnVenueSchema = v.strictObject({
  card: VenueCardSchema,
  /** draft: no check-ins yet, until the recovery kit is proven; then live for good. */
  status: v.picklist(['draft', 'live']),
  liveAt: v.nullable(TimeMsSchema),
  /** Only check-ins with a fresh kiosk code are accepted. */
  kioskOnly: v.boolean(),
  /** Websites allowed to embed the venue's check-in widget (as VenueSettingsSchema stored them). */
  allowedOrigins: v.pipe(v.array(EmbedOriginSchema), v.maxLength(20)),
});
export type OwnVenue = v.InferOutput<typeof OwnVenueSchema>;

const VenueParams = v.object({ venueId: IdSchema });
const CardBody = v.strictObject({ card: VenueCardSchema });
const OneVenue = v.strictObject({ venue: OwnVenueSchema });

/**
 * Check-ins one page of a day's outer layers carries. An honest outer layer is about 3 KB in
 * base64url (the 2 KiB bucket of PROTOCOL.md "Groups"), so a page is some 300 KB; the largest the
 * Worker accepts keeps it under 5 MB.
 */
export const DAY_CHECKINS_PAGE = 100;
/** One local day is 23 to 25 hours long (clock changes); a little room for a zone further away. */
export const MAX_DAY_SPAN_MS = 26 * HOUR_MS;

/** A query's whole milliseconds, written as digits. */
const QueryTime = v.pipe(v.string(), v.regex(/^(0|[1-9]\d{0,15})$/, 'must be milliseconds as digits'), v.transform(Number), TimeMsSchema);

/** A stored check-in of the venue, as far as its outer layer needs to be opened. */
export const OwnCheckInSchema = v.strictObject({
  id: IdSchema,
  day: DaySchema,
  officeKeyId: IdSchema,
  ciphertext: sealedEnvelope(CHECKIN_OUTER),
});
export type OwnCheckIn = v.InferOutput<typeof OwnCheckInSchema>;

/** The hours a venue's counts can fall in: the retention period, today, and the bookings ahead (with a day's room for time zones). */
const MAX_STATS_HOURS = (RETENTION_DAYS + PUBLISH_AHEAD_DAYS + 2) * 24;

export const venueAdminRoutes = {
  /** The operator's venues. The Worker sets no limit per operator; this bound is far above any real one. */
  venues: route({
    method: 'GET',
    path: '/api/venue-admin/venues',
    access: 'venue',
    response: v.strictObject({ venues: v.pipe(v.array(OwnVenueSchema), v.maxLength(5000)) }),
    errors: [],
  }),
  /** A new venue, as a draft, from a card its own key signed for an office responsible for its postcode. */
  create: route({
    method: 'POST',
    path: '/api/venue-admin/venues',
    access: 'venue',
    body: CardBody,
    status: 201,
    response: OneVenue,
    errors: ['bad_card', 'wrong_office', 'venue_exists'],
  }),
  venue: route({
    method: 'GET',
    path: '/api/venue-admin/venues/:venueId',
    access: 'venue',
    params: VenueParams,
    response: OneVenue,
    errors: ['unknown_venue'],
  }),
  /** A re-signed card with the same id and keys. */
  update: route({
    method: 'PUT',
    path: '/api/venue-admin/venues/:venueId',
    access: 'venue',
    params: VenueParams,
    body: CardBody,
    response: OneVenue,
    errors: ['unknown_venue', 'keys_changed', 'bad_card', 'wrong_office'],
  }),
  /** New keys for a draft (its first recovery kit was lost): a new card, under the id the new keys give (the draft moves to it). */
  rekey: route({
    method: 'PUT',
    path: '/api/venue-admin/venues/:venueId/keys',
    access: 'venue',
    params: VenueParams,
    body: CardBody,
    response: OneVenue,
    errors: ['unknown_venue', 'not_a_draft', 'bad_card', 'venue_exists'],
  }),
  /** Only a draft nothing refers to can be deleted. */
  remove: route({
    method: 'DELETE',
    path: '/api/venue-admin/venues/:venueId',
    access: 'venue',
    params: VenueParams,
    response: v.strictObject({ deleted: IdSchema }),
    errors: ['unknown_venue', 'not_a_draft'],
  }),
  /** Opens the venue to guests once the operator signed the activation with the restored venue key. */
  activate: route({
    method: 'POST',
    path: '/api/venue-admin/venues/:venueId/activate',
    access: 'venue',
    params: VenueParams,
    body: v.strictObject({ proof: SignatureSchema }),
    response: OneVenue,
    errors: ['unknown_venue', 'bad_proof'],
  }),
  /** Kiosk-only check-ins and the websites allowed to embed the widget; what is left out stays. */
  settings: route({
    method: 'PUT',
    path: '/api/venue-admin/venues/:venueId/settings',
    access: 'venue',
    params: VenueParams,
    body: VenueSettingsSchema,
    response: OneVenue,
    errors: ['unknown_venue'],
  }),
  /** Check-ins per UTC hour of arrival (`hour` its start), newest first: no guest data. */
  stats: route({
    method: 'GET',
    path: '/api/venue-admin/venues/:venueId/stats',
    access: 'venue',
    params: VenueParams,
    response: v.strictObject({
      hours: v.pipe(
        v.array(
          v.strictObject({
            hour: v.pipe(
              TimeMsSchema,
              v.check((hour) => hour % HOUR_MS === 0, 'must be the start of an hour'),
            ),
            checkIns: v.pipe(v.number(), v.integer(), v.minValue(1)),
          }),
        ),
        v.maxLength(MAX_STATS_HOURS),
      ),
    }),
    errors: ['unknown_venue'],
  }),
  /**
   * The venue's own check-ins arriving in [from, to) (one local day, at most 26 hours), their
   * outer layers, for the operator's browser to count the people who came (a group's size is only
   * in the outer layer, which the server cannot open). Paged by id: `after` is the last id of the
   * page before; `next` the last id of this one while more follow.
   */
  dayCheckIns: route({
    method: 'GET',
    path: '/api/venue-admin/venues/:venueId/checkins',
    access: 'venue',
    params: VenueParams,
    query: v.pipe(
      v.object({ from: QueryTime, to: QueryTime, after: v.optional(IdSchema) }),
      v.check(({ from, to }) => from < to && to - from <= MAX_DAY_SPAN_MS, 'from must be before to, at most 26 hours apart'),
    ),
    response: v.strictObject({
      checkIns: v.pipe(v.array(OwnCheckInSchema), v.maxLength(DAY_CHECKINS_PAGE)),
      next: v.nullable(IdSchema),
    }),
    errors: ['unknown_venue'],
  }),
  /**
   * Takes over a venue the deployment holds with a one-time code (protocol/venue-claim.ts): the
   * venue becomes the caller's, and its keys, sealed under the code, are handed over once.
   */
  claim: route({
    method: 'POST',
    path: '/api/venue-admin/claims',
    access: 'venue',
    /** As typed (spaces, dashes, any case): the codec normalises it. */
    body: v.strictObject({ code: v.pipe(v.string(), v.maxLength(40)) }),
    response: v.strictObject({
      venue: OwnVenueSchema,
      /** iv ‖ AES-GCM of the venue's two private JWKs under the code (sealClaimBundle). */
      bundle: base64url(100, 4096),
    }),
    errors: ['bad_code', 'unknown_claim_code', 'venue_claimed'],
  }),
} as const;
