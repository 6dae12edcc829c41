/**
 * The inbox of visits other offices forwarded (a guest of ours visited a venue of theirs, or the
 * other way round): the request as the other office signed it, with that office's certificate
 * (the browser verifies it up to the pinned root). Taking one over opens a case with its
 * `forwardId` (cases.ts), which marks it taken in the same batch.
 */
import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { officeForwardRoutes as routes } from '../../../protocol/api/office-forwards.ts';
import { database } from '../../db/client.ts';
import { forwards, offices, venues } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { reply } from '../../http/reply.ts';
import { requireStaff } from '../../auth/office-staff.ts';

export const officeForwardsRouter = new Hono<AppEnv>().get('/', requireStaff('active'), async (c) => {
  const db = database(c.env.DB);
  // The venue's card by a join on the id inside the signed request (one query, however many forwards).
  const rows = await db
    .select({ forward: forwards, certificate: offices.certificate, card: venues.card })
    .from(forwards)
    .innerJoin(offices, eq(offices.id, forwards.fromOfficeId))
    .leftJoin(venues, eq(venues.id, sql`json_extract(${forwards.request}, '$.venueId')`))
    .where(eq(forwards.toOfficeId, c.get('staff').officeId));
  return reply(c, routes.inbox, {
    forwards: rows
      .sort((a, b) => b.forward.createdAt - a.forward.createdAt)
      .map(({ forward, certificate, card }) => ({
        id: forward.id,
        request: forward.request,
        fromOffice: certificate,
        venue: card ?? null,
        createdAt: forward.createdAt,
        takenCaseId: forward.takenCaseId,
      })),
  });
});
