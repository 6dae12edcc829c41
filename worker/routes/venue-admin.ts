/**
 * The venue operator's own venues (behind a passkey session; trust model 2, 4, 14):
 * create a venue from a card signed in the operator's browser (the private keys never come here),
 * list and edit (re-signed card, same keys), give a draft new keys or delete it, activate once
 * the operator proved a restored recovery kit by signing with the venue key, and check-in counts
 * per hour (no guest data). Taking over a venue with a code: venue-claims.ts.
 * Another operator's venue is answered 404, exactly as a venue that does not exist.
 */
import { and, asc, count, eq, gt, gte, lt, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { DAY_CHECKINS_PAGE, venueAdminRoutes as routes } from '../../protocol/api/venue-admin.ts';
import { verifyActivation } from '../../protocol/recovery-kit.ts';
import { HOUR_MS, RETENTION_DAYS, addDays, dayOf } from '../../protocol/time.ts';
import { venueCodeLookup } from '../../protocol/venue-code.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import { requireRole, sameOriginWrites } from '../auth/session.ts';
import { database } from '../db/client.ts';
import { uniquenessViolation } from '../db/constraint.ts';
import { checkIns, venues } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';
import { checkResponsibleOffice, checkSelfSigned, ownVenue, view } from '../venues/own-venue.ts';
import { venueClaimsRouter } from './venue-claims.ts';
import { venueAuditRouter } from './venue-audit.ts';
import { venueRequestsRouter } from './venue-requests.ts';
import { venueWarningsRouter } from './venue-warnings.ts';

/** Everything on the card but its id, keys and signature: what new keys for a draft must keep. */
function sameDetails(a: VenueCard, b: VenueCard): boolean {
  const details = (card: VenueCard) =>
    JSON.stringify([card.officeId, card.name, card.street, card.postcode, card.city, card.kind, card.defaultStayMinutes, card.areas]);
  return details(a) === details(b);
}

export const venueAdminRouter = new Hono<AppEnv>()
  .use(sameOriginWrites, requireRole('venue'))
  // Before /requests, whose /:requestId would take "audit" for an id.
  .route('/requests/audit', venueAuditRouter)
  .route('/requests', venueRequestsRouter)
  .route('/warnings', venueWarningsRouter)
  .route('/claims', venueClaimsRouter)
  .get('/venues', async (c) => {
    const rows = await database(c.env.DB)
      .select()
      .from(venues)
      .where(eq(venues.operatorId, c.get('account').id));
    return reply(c, routes.venues, { venues: rows.map(view) });
  })
  .post('/venues', rateLimit('venue-admin'), validate('json', routes.create.body), async (c) => {
    const { card } = c.req.valid('json');
    const db = database(c.env.DB);
    await checkSelfSigned(card);
    await checkResponsibleOffice(db, card);
    const inserted = await db
      .insert(venues)
      .values({
        id: card.venueId,
        officeId: card.officeId,
        code: venueCodeLookup(card.venueId),
        card,
        createdAt: Date.now(),
        operatorId: c.get('account').id,
        status: 'draft',
      })
      .onConflictDoNothing()
      .returning({ id: venues.id });
    if (inserted.length === 0)
      throw new ApiFailure(409, 'venue_exists', 'A venue with this id or code exists; create the venue again with new keys.');
    return reply(c, routes.create, { venue: { card, status: 'draft', liveAt: null, kioskOnly: false, allowedOrigins: [] } });
  })
  .get('/venues/:venueId', validate('param', routes.venue.params), async (c) => {
    return reply(c, routes.venue, { venue: view(await ownVenue(database(c.env.DB), c.req.valid('param').venueId, c.get('account').id)) });
  })
  .put(
    '/venues/:venueId',
    rateLimit('venue-admin'),
    validate('param', routes.update.params),
    validate('json', routes.update.body),
    async (c) => {
      const { venueId } = c.req.valid('param');
      const { card } = c.req.valid('json');
      const db = database(c.env.DB);
      const row = await ownVenue(db, venueId, c.get('account').id);
      const stored = row.card;
      if (card.venueId !== venueId || card.encryptionKey !== stored.encryptionKey || card.signingKey !== stored.signingKey) {
        throw new ApiFailure(422, 'keys_changed', 'Editing a venue keeps its id and keys.');
      }
      await checkSelfSigned(card);
      await checkResponsibleOffice(db, card);
      await db.update(venues).set({ card, officeId: card.officeId }).where(eq(venues.id, venueId));
      return reply(c, routes.update, { venue: view({ ...row, card }) });
    },
  )
  /**
   * A draft gets new keys (and with them a new card and, in the browser, a new recovery kit):
   * nothing was ever encrypted to a draft's keys, since drafts accept no check-ins. This is the
   * way out when the kit of the first keys never reached the operator (a reload before the
   * download, another device). The id is derived from the keys (protocol/venue-id.ts), so the
   * draft moves to the new keys' id, and with it the venue code's lookup half.
   */
  .put(
    '/venues/:venueId/keys',
    rateLimit('venue-admin'),
    validate('param', routes.rekey.params),
    validate('json', routes.rekey.body),
    async (c) => {
      const { venueId } = c.req.valid('param');
      const { card } = c.req.valid('json');
      const db = database(c.env.DB);
      const row = await ownVenue(db, venueId, c.get('account').id);
      if (row.status !== 'draft')
        throw new ApiFailure(
          409,
          'not_a_draft',
          'This venue is live: guests’ check-ins are encrypted to its keys, which therefore cannot be replaced.',
        );
      if (!sameDetails(card, row.card))
        throw new ApiFailure(422, 'bad_card', 'New keys keep the venue’s details; edit them separately.', 'card');
      await checkSelfSigned(card);
      // Only while still a draft nothing points at (as for deleting one): an activation racing
      // this request wins, and the keys stay.
      const moved = await db
        .update(venues)
        .set({ id: card.venueId, code: venueCodeLookup(card.venueId), card })
        .where(
          and(
            eq(venues.id, venueId),
            eq(venues.status, 'draft'),
            sql`NOT EXISTS (SELECT 1 FROM checkins WHERE venue_id = ${venueId})`,
            sql`NOT EXISTS (SELECT 1 FROM data_requests WHERE venue_id = ${venueId})`,
            sql`NOT EXISTS (SELECT 1 FROM venue_claim_codes WHERE venue_id = ${venueId})`,
          ),
        )
        .returning({ id: venues.id })
        .catch((error: unknown) => {
          if (uniquenessViolation(error) !== undefined)
            throw new ApiFailure(409, 'venue_exists', 'A venue with this id or code exists; make new keys again.');
          throw error;
        });
      if (moved.length === 0)
        throw new ApiFailure(409, 'not_a_draft', 'This venue is live or in use; its keys cannot be replaced any more.');
      return reply(c, routes.rekey, { venue: view({ ...row, card }) });
    },
  )
  /** A draft can be deleted: it never had guests. A live venue's guest list must stay for the offices. */
  .delete('/venues/:venueId', rateLimit('venue-admin'), validate('param', routes.remove.params), async (c) => {
    const { venueId } = c.req.valid('param');
    const db = database(c.env.DB);
    const row = await ownVenue(db, venueId, c.get('account').id);
    if (row.status !== 'draft')
      throw new ApiFailure(409, 'not_a_draft', 'Only a draft can be deleted; a live venue keeps its guest list for the retention period.');
    // Nothing may point at it: a draft takes no check-ins, and a health-office request naming a
    // draft (the office's own record) keeps it, as if it were in use.
    const deleted = await db
      .delete(venues)
      .where(
        and(
          eq(venues.id, venueId),
          eq(venues.status, 'draft'),
          sql`NOT EXISTS (SELECT 1 FROM checkins WHERE venue_id = ${venueId})`,
          sql`NOT EXISTS (SELECT 1 FROM data_requests WHERE venue_id = ${venueId})`,
          sql`NOT EXISTS (SELECT 1 FROM venue_claim_codes WHERE venue_id = ${venueId})`,
        ),
      )
      .returning({ id: venues.id });
    if (deleted.length === 0) throw new ApiFailure(409, 'not_a_draft', 'This venue is live or in use, and can no longer be deleted.');
    return reply(c, routes.remove, { deleted: venueId });
  })
  .post(
    '/venues/:venueId/activate',
    rateLimit('venue-admin'),
    validate('param', routes.activate.params),
    validate('json', routes.activate.body),
    async (c) => {
      const { venueId } = c.req.valid('param');
      const db = database(c.env.DB);
      const account = c.get('account');
      const row = await ownVenue(db, venueId, account.id);
      const card = row.card;
      if (!(await verifyActivation(card.signingKey, venueId, account.id, c.req.valid('json').proof))) {
        throw new ApiFailure(422, 'bad_proof', 'Restore the recovery kit first: the proof is not signed by the venue key.');
      }
      const liveAt = row.liveAt ?? Date.now();
      await db.update(venues).set({ status: 'live', liveAt }).where(eq(venues.id, venueId));
      return reply(c, routes.activate, { venue: view({ ...row, status: 'live', liveAt }) });
    },
  )
  .put(
    '/venues/:venueId/settings',
    rateLimit('venue-admin'),
    validate('param', routes.settings.params),
    validate('json', routes.settings.body),
    async (c) => {
      const { venueId } = c.req.valid('param');
      const db = database(c.env.DB);
      const row = await ownVenue(db, venueId, c.get('account').id);
      const settings = c.req.valid('json');
      const next = {
        kioskOnly: settings.kioskOnly ?? row.kioskOnly,
        allowedOrigins: settings.allowedOrigins ? [...new Set(settings.allowedOrigins)] : row.allowedOrigins,
      };
      await db.update(venues).set(next).where(eq(venues.id, venueId));
      return reply(c, routes.settings, { venue: view({ ...row, ...next }) });
    },
  )
  /**
   * Check-in counts per hour of arrival (UTC hours: every zone the venues are in differs from UTC
   * by whole hours), so that the app can add them up by the venue's own local days.
   */
  .get('/venues/:venueId/stats', validate('param', routes.stats.params), async (c) => {
    const { venueId } = c.req.valid('param');
    const db = database(c.env.DB);
    await ownVenue(db, venueId, c.get('account').id);
    const since = addDays(dayOf(Date.now()), -RETENTION_DAYS);
    // A literal, not a bound parameter: D1 binds JavaScript numbers as REAL, and integer division needs integers.
    const hour = sql<number>`(${checkIns.arrivalBucket} / ${sql.raw(String(HOUR_MS))}) * ${sql.raw(String(HOUR_MS))}`;
    const rows = await db
      .select({ hour, checkIns: count() })
      .from(checkIns)
      .where(and(eq(checkIns.venueId, venueId), gte(checkIns.day, since)))
      .groupBy(hour)
      .orderBy(sql`1 desc`);
    return reply(c, routes.stats, { hours: rows });
  })
  /**
   * The venue's own check-ins of one local day, their outer layers, a page at a time: the
   * operator's browser opens them to count people (a group's size is sealed in them). Only the
   * operator of the venue; nothing another venue holds.
   */
  .get(
    '/venues/:venueId/checkins',
    validate('param', routes.dayCheckIns.params),
    validate('query', routes.dayCheckIns.query),
    async (c) => {
      const { venueId } = c.req.valid('param');
      const { from, to, after } = c.req.valid('query');
      const db = database(c.env.DB);
      await ownVenue(db, venueId, c.get('account').id);
      const rows = await db
        .select({ id: checkIns.id, day: checkIns.day, officeKeyId: checkIns.officeKeyId, ciphertext: checkIns.ciphertext })
        .from(checkIns)
        .where(
          and(
            eq(checkIns.venueId, venueId),
            gte(checkIns.arrivalBucket, from),
            lt(checkIns.arrivalBucket, to),
            after === undefined ? undefined : gt(checkIns.id, after),
          ),
        )
        .orderBy(asc(checkIns.id))
        // One more than a page: whether another page follows, without a second query.
        .limit(DAY_CHECKINS_PAGE + 1);
      const page = rows.slice(0, DAY_CHECKINS_PAGE);
      return reply(c, routes.dayCheckIns, {
        checkIns: page,
        next: rows.length > DAY_CHECKINS_PAGE ? (page.at(-1)?.id ?? null) : null,
      });
    },
  );
