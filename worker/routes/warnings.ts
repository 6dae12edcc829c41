/**
 * The public warning feed and the guests' acknowledgements (trust model 19, 20). The feed is the
 * same for every app: a cursor, an ETag and a short max-age, no cookie, nothing about the caller
 * stored. An acknowledgement names one warning and one check-in and proves the check-in's secret,
 * like a checkout; it records "read at T" for that check-in only.
 */
import { and, asc, eq, gt, lt, max } from 'drizzle-orm';
import { Hono } from 'hono';
import { FEED_HEAD_LAG_MS, FEED_PAGE_SIZE, warningRoutes as routes } from '../../protocol/api/warnings.ts';
import { bytesEqual, utf8 } from '../../protocol/bytes.ts';
import { checkoutHashOf } from '../../protocol/checkin.ts';
import { database } from '../db/client.ts';
import { checkIns, warningFeed, warningReads, warnings } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';

/** Apps in front poll every 30 s: 15 s of caching lets a CDN answer most polls while a warning still reaches a screen within the 60 s budget. */
const FEED_MAX_AGE_S = 15;

function refused(): ApiFailure {
  return new ApiFailure(403, 'read_refused', 'There is no such check-in with this secret for this warning.');
}

export const warningsRouter = new Hono<AppEnv>()
  .get('/feed', validate('query', routes.feed.query), async (c) => {
    const query = c.req.valid('query');
    const db = database(c.env.DB);
    if (query.head !== undefined) {
      const head = await db
        .select({ seq: max(warningFeed.seq) })
        .from(warningFeed)
        .where(lt(warningFeed.createdAt, Date.now() - FEED_HEAD_LAG_MS))
        .get();
      // Moves every few seconds at most: not cached.
      return reply(c, routes.feed, { entries: [], cursor: head?.seq ?? 0, more: false });
    }
    const after = Number(query.after ?? '0');
    const rows = await db
      .select({ seq: warningFeed.seq, tag: warningFeed.tag, day: warningFeed.day, body: warningFeed.body })
      .from(warningFeed)
      .where(gt(warningFeed.seq, after))
      .orderBy(asc(warningFeed.seq))
      .limit(FEED_PAGE_SIZE + 1);
    const entries = rows.slice(0, FEED_PAGE_SIZE);
    const cursor = entries.at(-1)?.seq ?? after;
    // Entries never change once written (a withdrawal is an entry of its own), so the page is
    // named by where it starts and ends; the retention job only removes entries before any cursor an app keeps for long.
    const etag = `"w${after}-${cursor}-${entries.length}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', `public, max-age=${FEED_MAX_AGE_S}`);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return reply(c, routes.feed, { entries, cursor, more: rows.length > FEED_PAGE_SIZE });
  })
  .post('/:warningId/read', rateLimit('checkout'), validate('param', routes.read.params), validate('json', routes.read.body), async (c) => {
    const { warningId } = c.req.valid('param');
    const { checkInId, secret } = c.req.valid('json');
    const db = database(c.env.DB);
    const row = await db.query.checkIns.findFirst({ where: eq(checkIns.id, checkInId), columns: { venueId: true, checkoutHash: true } });
    // One answer for an unknown check-in, a wrong secret, an unknown or withdrawn warning and another venue: the route confirms nothing.
    const secretMatches = row !== undefined && bytesEqual(utf8(await checkoutHashOf(secret)), utf8(row.checkoutHash));
    const warning = await db.query.warnings.findFirst({ where: eq(warnings.id, warningId), columns: { venueId: true, withdrawal: true } });
    if (!row || !secretMatches || !warning || warning.withdrawal !== null || warning.venueId !== row.venueId) throw refused();
    await db.insert(warningReads).values({ warningId, checkInId, readAt: Date.now() }).onConflictDoNothing();
    const stored = await db.query.warningReads.findFirst({
      where: and(eq(warningReads.warningId, warningId), eq(warningReads.checkInId, checkInId)),
    });
    if (!stored) throw refused();
    return reply(c, routes.read, { readAt: stored.readAt });
  });
