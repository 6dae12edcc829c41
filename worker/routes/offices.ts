/**
 * The public office directory: certificates and daily keys, served as stored, because clients
 * verify the signatures themselves; the server is not trusted to vouch for any key.
 *
 * - One office (`/:officeId`, what the guest app and the widget ask for a visit's day): its keys
 *   from LATE_UPLOAD_DAYS ago (a check-in queued offline over a weekend is sealed to its own day's
 *   key when the phone is back) to the publish-ahead horizon (a booking weeks ahead): 94 records.
 * - The list of every office (about 400 in production) is asked only by the guest app's sharing
 *   screen, which seals to the chosen office's key of today: it carries the keys of yesterday,
 *   today and tomorrow only (a device clock on either side of midnight), not 400 × 94 records.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { Hono } from 'hono';
import { directoryRoutes } from '../../protocol/api/directory.ts';
import { LATE_UPLOAD_DAYS, PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../../protocol/time.ts';
import { database } from '../db/client.ts';
import { officeDailyKeys, officeRevocationStates, offices } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';

/** The days one office's entry carries: any day a check-in may still be sealed to. */
function visitDays(nowMs: number) {
  const today = dayOf(nowMs);
  return { from: addDays(today, -LATE_UPLOAD_DAYS), to: addDays(today, PUBLISH_AHEAD_DAYS) };
}

/** The days the list of all offices carries: what sharing a history seals to. */
function sharingDays(nowMs: number) {
  const today = dayOf(nowMs);
  return { from: addDays(today, -1), to: addDays(today, 1) };
}

export const officesRouter = new Hono<AppEnv>()
  .get('/', async (c) => {
    const db = database(c.env.DB);
    const { from, to } = sharingDays(Date.now());
    const [officeRows, keyRows, revocationRows] = await Promise.all([
      db.select().from(offices).orderBy(asc(offices.name)),
      db
        .select()
        .from(officeDailyKeys)
        .where(and(gte(officeDailyKeys.day, from), lte(officeDailyKeys.day, to), eq(officeDailyKeys.superseded, false)))
        .orderBy(asc(officeDailyKeys.day)),
      db.select().from(officeRevocationStates),
    ]);
    const revocationByOffice = new Map(revocationRows.map((row) => [row.officeId, row.state]));
    const keysByOffice = new Map<string, typeof keyRows>();
    for (const row of keyRows) keysByOffice.set(row.officeId, [...(keysByOffice.get(row.officeId) ?? []), row]);
    return reply(c, directoryRoutes.offices, {
      offices: officeRows.map((office) => ({
        certificate: office.certificate,
        dailyKeys: (keysByOffice.get(office.id) ?? []).map((row) => row.record),
        revocation: revocationByOffice.get(office.id) ?? null,
      })),
    });
  })
  .get('/:officeId', validate('param', directoryRoutes.office.params), async (c) => {
    const { officeId } = c.req.valid('param');
    const db = database(c.env.DB);
    const office = await db.query.offices.findFirst({ where: eq(offices.id, officeId) });
    if (!office) throw new ApiFailure(404, 'unknown_office', 'There is no health office with this id.');
    const { from, to } = visitDays(Date.now());
    const [keys, revocation] = await Promise.all([
      db
        .select()
        .from(officeDailyKeys)
        .where(
          and(
            eq(officeDailyKeys.officeId, officeId),
            gte(officeDailyKeys.day, from),
            lte(officeDailyKeys.day, to),
            // A key replaced after a rotation still opens what was sealed to it, but nothing new goes to it.
            eq(officeDailyKeys.superseded, false),
          ),
        )
        .orderBy(asc(officeDailyKeys.day)),
      db.query.officeRevocationStates.findFirst({ where: eq(officeRevocationStates.officeId, officeId) }),
    ]);
    return reply(c, directoryRoutes.office, {
      certificate: office.certificate,
      dailyKeys: keys.map((row) => row.record),
      revocation: revocation?.state ?? null,
    });
  });
