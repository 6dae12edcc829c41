/**
 * A venue operator reads the warnings offices sent about their venues (trust model 6, 19), each
 * with its office's certificate and revocation state, so the browser checks them itself. Guarded
 * here, not only by where it is mounted (under /api/venue-admin).
 */
import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { venueWarningRoutes as routes } from '../../protocol/api/venue-warnings.ts';
import { requireRole } from '../auth/session.ts';
import { database } from '../db/client.ts';
import { officeRevocationStates, offices, venues, warnings } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { reply } from '../http/reply.ts';

export const venueWarningsRouter = new Hono<AppEnv>().get('/', requireRole('venue'), async (c) => {
  // Joins, not IN (…): D1 binds at most 100 parameters.
  const rows = await database(c.env.DB)
    .select({
      warning: warnings.warning,
      withdrawal: warnings.withdrawal,
      office: offices.certificate,
      revocation: officeRevocationStates.state,
    })
    .from(warnings)
    .innerJoin(venues, eq(venues.id, warnings.venueId))
    .innerJoin(offices, eq(offices.id, warnings.officeId))
    .leftJoin(officeRevocationStates, eq(officeRevocationStates.officeId, warnings.officeId))
    .where(eq(venues.operatorId, c.get('account').id))
    .orderBy(desc(warnings.createdAt));
  return reply(c, routes.list, { warnings: rows });
});
