/**
 * Check-ins: create (the outer ciphertext and what trust model 1 in docs/THREAT-MODEL.md allows
 * beside it) and check out with the secret only the checking-in device holds (trust model points
 * 1 and 9).
 *
 * The id is chosen by the device, so an upload retried from the offline queue is recognised:
 * the same id with the same content answers 200 and stores nothing new; with other content, 409.
 */
import { eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { type CreateCheckIn, checkInRoutes } from '../../protocol/api/checkins.ts';
import type { ReplyOf } from '../../protocol/api/route.ts';
import { bytesEqual, utf8 } from '../../protocol/bytes.ts';
import { checkoutHashOf } from '../../protocol/checkin.ts';
import { KIOSK_PERIOD_MS, checkKioskToken } from '../../protocol/kiosk-code.ts';
import { DAY_MS, LATE_UPLOAD_DAYS, MINUTE_MS, PUBLISH_AHEAD_DAYS, addDays, ceilToBucket, dayOf } from '../../protocol/time.ts';
import { type Database, database } from '../db/client.ts';
import { checkIns, officeDailyKeys, venues } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';

/**
 * Inserts a check-in only if its venue exists and is live (and, in kiosk-only mode, the request
 * carried a fresh kiosk code: ?11), and the office key is that venue's office's key for the day; an existing id inserts nothing (SQLite needs the WHERE before ON CONFLICT).
 */
const INSERT_IF_KEY_MATCHES = `
  INSERT INTO checkins (id, venue_id, office_key_id, day, arrival_bucket, departure_bucket, ciphertext, checkout_hash)
  SELECT ?1, v.id, ?2, ?3, ?4, ?5, ?6, ?7
  FROM venues v JOIN office_daily_keys k ON k.office_id = v.office_id
  WHERE v.id = ?8 AND v.status = 'live' AND (v.kiosk_only = 0 OR ?11 = 1) AND k.key_id = ?9 AND k.day = ?10
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

/** Device clocks drift; a checkout a few minutes "in the future" is still plausible. */
const CLOCK_SKEW_MS = 5 * MINUTE_MS;
/** Later uploads than LATE_UPLOAD_DAYS are refused, so that the venue's past guest lists do not keep changing. */
export { LATE_UPLOAD_DAYS };
/** The longest stay a check-in can describe. */
const MAX_STAY_MS = DAY_MS;

function timeRefusal(body: CreateCheckIn, now: number): ApiFailure | undefined {
  if (dayOf(body.arrivalBucket) !== body.day) return new ApiFailure(422, 'wrong_day', 'arrivalBucket is not on the given day.');
  const today = dayOf(now);
  if (body.day < addDays(today, -LATE_UPLOAD_DAYS) || body.day > addDays(today, PUBLISH_AHEAD_DAYS)) {
    return new ApiFailure(
      422,
      'day_out_of_range',
      `Check-ins can be sent up to ${LATE_UPLOAD_DAYS} days late and made up to ${PUBLISH_AHEAD_DAYS} days ahead.`,
    );
  }
  if (
    body.departureBucket !== undefined &&
    (body.departureBucket <= body.arrivalBucket || body.departureBucket - body.arrivalBucket > MAX_STAY_MS)
  ) {
    return new ApiFailure(422, 'bad_window', 'departureBucket must be after arrivalBucket and within 24 hours of it.');
  }
  return undefined;
}

function sameCheckIn(stored: { venueId: string; ciphertext: string; checkoutHash: string }, body: CreateCheckIn): boolean {
  return stored.venueId === body.venueId && stored.ciphertext === body.ciphertext && stored.checkoutHash === body.checkoutHash;
}

/** A kiosk code must be the venue's, fresh now, and from the minutes around the stated arrival. */
const KIOSK_ARRIVAL_TOLERANCE_MS = 10 * MINUTE_MS;

async function kioskCodeCounts(db: Database, body: CreateCheckIn, now: number): Promise<boolean> {
  if (!body.kiosk) return false;
  const venue = await db.query.venues.findFirst({ where: eq(venues.id, body.venueId), columns: { card: true } });
  if (!venue) return false;
  const verdict = await checkKioskToken(venue.card.signingKey, body.venueId, body.kiosk, now);
  return verdict === 'fresh' && Math.abs(body.arrivalBucket - body.kiosk.period * KIOSK_PERIOD_MS) <= KIOSK_ARRIVAL_TOLERANCE_MS;
}

/** A check-in row with its checkout secret proven, or the one refusal for unknown id and wrong secret alike. */
async function provenCheckIn(db: Database, checkInId: string, secret: string, refusal: ApiFailure) {
  const row = await db.query.checkIns.findFirst({ where: eq(checkIns.id, checkInId) });
  // The same answer for an unknown id and a wrong secret: the route must not confirm ids.
  if (!row || !bytesEqual(utf8(await checkoutHashOf(secret)), utf8(row.checkoutHash))) throw refusal;
  return row;
}

async function isStoredDuplicate(db: Database, body: CreateCheckIn): Promise<boolean> {
  const stored = await db.query.checkIns.findFirst({
    where: eq(checkIns.id, body.id),
    columns: { venueId: true, ciphertext: true, checkoutHash: true },
  });
  return stored !== undefined && sameCheckIn(stored, body);
}

/** A retried upload of a check-in stored earlier: its route's retry status, nothing stored now. */
function duplicate(c: Context<AppEnv>, id: string): Response {
  const body: ReplyOf<typeof checkInRoutes.create> = { id, duplicate: true };
  return c.json(body, checkInRoutes.create.retryStatus);
}

export const checkInsRouter = new Hono<AppEnv>()
  .post('/', rateLimit('checkin'), validate('json', checkInRoutes.create.body), async (c) => {
    const body = c.req.valid('json');
    const db = database(c.env.DB);
    const now = Date.now();

    const refusal = timeRefusal(body, now);
    if (refusal) {
      // A retry of a check-in stored earlier (the phone was offline since) is still a duplicate.
      if (await isStoredDuplicate(db, body)) return duplicate(c, body.id);
      throw refusal;
    }

    // A kiosk code costs one lookup of the venue; plain check-ins skip it. A code that is not
    // fresh only matters at a kiosk-only venue (elsewhere a plain check-in is fine anyway).
    const freshKiosk = body.kiosk ? await kioskCodeCounts(db, body, now) : false;

    // Hot path in one round trip: the row is inserted only if the venue exists and the key is
    // its office's key for that day. Only when nothing was inserted do we look up why.
    const { kiosk: _token, ...row } = body;
    const inserted = await c.env.DB.prepare(INSERT_IF_KEY_MATCHES)
      .bind(
        row.id,
        row.officeKeyId,
        row.day,
        row.arrivalBucket,
        row.departureBucket ?? null,
        row.ciphertext,
        row.checkoutHash,
        row.venueId,
        row.officeKeyId,
        row.day,
        freshKiosk ? 1 : 0,
      )
      .first<{ id: string }>();
    if (inserted) return reply(c, checkInRoutes.create, { id: body.id });

    const [venue, officeKey, existing] = await Promise.all([
      db.query.venues.findFirst({ where: eq(venues.id, body.venueId), columns: { officeId: true, status: true, kioskOnly: true } }),
      db.query.officeDailyKeys.findFirst({ where: eq(officeDailyKeys.keyId, body.officeKeyId), columns: { officeId: true, day: true } }),
      db.query.checkIns.findFirst({ where: eq(checkIns.id, body.id) }),
    ]);
    if (!venue) throw new ApiFailure(404, 'unknown_venue', 'There is no venue with this id.');
    if (venue.status !== 'live') throw new ApiFailure(422, 'venue_not_live', 'This venue is not open for check-ins yet.');
    if (existing && sameCheckIn(existing, body)) return duplicate(c, body.id);
    if (venue.kioskOnly && !freshKiosk) {
      if (body.kiosk)
        throw new ApiFailure(
          422,
          'stale_kiosk_code',
          'This entrance code has expired or is not the venue’s. Please scan the code on the screen again.',
        );
      throw new ApiFailure(422, 'kiosk_code_required', 'This venue accepts check-ins only with the code shown at its entrance.');
    }
    if (!officeKey || officeKey.officeId !== venue.officeId || officeKey.day !== body.day) {
      throw new ApiFailure(422, 'wrong_office_key', "The check-in is not encrypted to the venue's health office key for that day.");
    }
    throw new ApiFailure(409, 'id_taken', 'A different check-in already has this id.');
  })
  .post(
    '/:checkInId/checkout',
    rateLimit('checkout'),
    validate('param', checkInRoutes.checkOut.params),
    validate('json', checkInRoutes.checkOut.body),
    async (c) => {
      const { checkInId } = c.req.valid('param');
      const { secret, departedAt } = c.req.valid('json');
      const db = database(c.env.DB);
      const row = await provenCheckIn(
        db,
        checkInId,
        secret,
        new ApiFailure(403, 'checkout_refused', 'This check-out is not valid for this check-in.'),
      );
      if (departedAt < row.arrivalBucket || departedAt > Date.now() + CLOCK_SKEW_MS || departedAt - row.arrivalBucket > MAX_STAY_MS) {
        throw new ApiFailure(422, 'bad_departure', 'departedAt must lie between the arrival and now.');
      }
      const departureBucket = ceilToBucket(departedAt);
      // A retried checkout keeps the first departure; an earlier one may shorten a pre-registered stay.
      if (row.departureBucket === null || departureBucket < row.departureBucket) {
        await db.update(checkIns).set({ departureBucket }).where(eq(checkIns.id, checkInId));
        return reply(c, checkInRoutes.checkOut, { id: checkInId, departureBucket });
      }
      return reply(c, checkInRoutes.checkOut, { id: checkInId, departureBucket: row.departureBucket });
    },
  )
  /**
   * Whether a check-in is still stored, for the device that holds its secret: the guest app asks
   * about its pre-registrations for later slots, so that a booking the venue's website cancelled
   * (with the cancel token the host page kept) leaves the guest's history too. Read only; an
   * unknown id and a wrong secret are answered alike, so it tells nobody else anything.
   */
  .post(
    '/:checkInId/state',
    rateLimit('checkout'),
    validate('param', checkInRoutes.state.params),
    validate('json', checkInRoutes.state.body),
    async (c) => {
      const { checkInId } = c.req.valid('param');
      const { secret } = c.req.valid('json');
      await provenCheckIn(
        database(c.env.DB),
        checkInId,
        secret,
        new ApiFailure(
          403,
          'checkout_refused',
          'There is no check-in with this id and secret (a cancelled pre-registration, for example).',
        ),
      );
      return reply(c, checkInRoutes.state, { id: checkInId, stored: true });
    },
  )
  /**
   * Cancels a pre-registration (a booking or ticket that will not be used): the row is deleted.
   * Only before the booked time begins: from then on the guest may be there, and the row is the
   * record of a visit a health office may need; it stays until the retention job removes it.
   * (A no-show therefore stays listed; an office would rather call one person too many.)
   * Booking websites call it from their own pages with the widget's cancel token, so it is the
   * one API route open to every origin (CORS in worker/app.ts); it reads no cookie.
   */
  .post(
    '/:checkInId/cancel',
    rateLimit('checkout'),
    validate('param', checkInRoutes.cancel.params),
    validate('json', checkInRoutes.cancel.body),
    async (c) => {
      const { checkInId } = c.req.valid('param');
      const { secret } = c.req.valid('json');
      const db = database(c.env.DB);
      const row = await provenCheckIn(
        db,
        checkInId,
        secret,
        new ApiFailure(403, 'cancel_refused', 'This cancel token is not valid (or the registration was already cancelled).'),
      );
      if (Date.now() >= row.arrivalBucket)
        throw new ApiFailure(
          409,
          'visit_started',
          'The booked time has begun; the registration is kept as a visit and deleted after 28 days.',
        );
      await db.delete(checkIns).where(eq(checkIns.id, checkInId));
      return reply(c, checkInRoutes.cancel, { id: checkInId, cancelled: true });
    },
  );
