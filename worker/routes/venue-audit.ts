/**
 * A venue operator reads the audit entries about their venues, from every office's chain (trust
 * model 6): what was asked of their venues, by whom, and what they answered. Guarded here, not
 * only by where it is mounted (under /api/venue-admin).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { venueRequestRoutes } from '../../protocol/api/venue-requests.ts';
import { requireRole } from '../auth/session.ts';
import { database } from '../db/client.ts';
import { auditLog, venues } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { reply } from '../http/reply.ts';

export const venueAuditRouter = new Hono<AppEnv>().get('/', requireRole('venue'), async (c) => {
  const db = database(c.env.DB);
  // A join, not IN (…): D1 binds at most 100 parameters. Forwards between offices are not the venue's business.
  const rows = await db
    .select({ entry: auditLog.entry })
    .from(auditLog)
    .innerJoin(venues, eq(venues.id, auditLog.venueId))
    .where(and(eq(venues.operatorId, c.get('account').id), sql`json_extract(${auditLog.entry}, '$.kind') <> 'request_forwarded'`))
    .orderBy(asc(auditLog.createdAt));
  return reply(c, venueRequestRoutes.audit, { entries: rows.map((row) => row.entry) });
});
