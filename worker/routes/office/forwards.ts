/**
 * The inbox of visits other offices forwarded (a guest of ours visited a venue of theirs, or the
 * other way round): the request as the other office signed it, with that office's certificate,
 * and "take over" once this office has opened its own case for it.
 */
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { DataRequest } from '../../../protocol/data-request.ts';
import type { OfficeCertificate } from '../../../protocol/hierarchy.ts';
import { IdSchema } from '../../../protocol/schemas.ts';
import type { VenueCard } from '../../../protocol/venue.ts';
import { database } from '../../db/client.ts';
import { cases, forwards, offices, venues } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import { requireStaff } from '../../office/staff.ts';

export const officeForwardsRouter = new Hono<AppEnv>()
  .use(requireStaff('active'))
  .get('/', async (c) => {
    const db = database(c.env.DB);
    const rows = await db
      .select({ forward: forwards, certificate: offices.certificate })
      .from(forwards)
      .innerJoin(offices, eq(offices.id, forwards.fromOfficeId))
      .where(eq(forwards.toOfficeId, c.get('staff').officeId));
    const cards = new Map<string, VenueCard>();
    for (const row of rows) {
      const request = JSON.parse(row.forward.request) as DataRequest;
      if (cards.has(request.venueId)) continue;
      const venue = await db.query.venues.findFirst({ where: eq(venues.id, request.venueId), columns: { card: true } });
      if (venue) cards.set(request.venueId, JSON.parse(venue.card) as VenueCard);
    }
    return c.json({
      forwards: rows
        .sort((a, b) => b.forward.createdAt - a.forward.createdAt)
        .map(({ forward, certificate }) => {
          const request = JSON.parse(forward.request) as DataRequest;
          return { id: forward.id, request, fromOffice: JSON.parse(certificate) as OfficeCertificate, venue: cards.get(request.venueId) ?? null, createdAt: forward.createdAt, takenCaseId: forward.takenCaseId };
        }),
    });
  })
  .post('/:forwardId/take', validate('param', v.object({ forwardId: IdSchema })), validate('json', v.strictObject({ caseId: IdSchema })), async (c) => {
    const officeId = c.get('staff').officeId;
    const { caseId } = c.req.valid('json');
    const db = database(c.env.DB);
    const own = await db.query.cases.findFirst({ where: and(eq(cases.id, caseId), eq(cases.officeId, officeId)), columns: { id: true } });
    if (!own) throw new ApiFailure(404, 'unknown_case', 'Your office has no case with this id.');
    const taken = await db
      .update(forwards)
      .set({ takenCaseId: caseId })
      .where(and(eq(forwards.id, c.req.valid('param').forwardId), eq(forwards.toOfficeId, officeId)))
      .returning({ id: forwards.id });
    if (taken.length === 0) throw new ApiFailure(404, 'unknown_forward', 'There is no such forwarded visit for your office.');
    return c.json({ taken: true });
  });
