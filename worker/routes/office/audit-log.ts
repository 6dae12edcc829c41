/**
 * Reading the audit chain (trust model 6): the office reads its whole chain with what it needs
 * to check it in the browser (employee certificates, which it verifies under its own identity
 * key, and the venues' cards for venue entries). A venue operator's view of the entries about
 * their venues is worker/routes/venue-audit.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { officeAuditRoutes as routes } from '../../../protocol/api/office-audit.ts';
import { database } from '../../db/client.ts';
import { auditLog, officeEmployees, venues } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { reply } from '../../http/reply.ts';
import { requireStaff } from '../../auth/office-staff.ts';

export const officeAuditRouter = new Hono<AppEnv>().get('/', requireStaff('active'), async (c) => {
  const db = database(c.env.DB);
  const officeId = c.get('staff').officeId;
  const rows = await db.select({ entry: auditLog.entry }).from(auditLog).where(eq(auditLog.officeId, officeId)).orderBy(asc(auditLog.seq));
  const entries = rows.map((row) => row.entry);
  // The cards of venues that answered: a join, not IN (…) (D1 binds at most 100 parameters).
  const [employees, cards] = await Promise.all([
    db.select({ certificate: officeEmployees.certificate }).from(officeEmployees).where(eq(officeEmployees.officeId, officeId)),
    db
      .selectDistinct({ card: venues.card })
      .from(auditLog)
      .innerJoin(venues, eq(venues.id, auditLog.venueId))
      .where(and(eq(auditLog.officeId, officeId), sql`json_extract(${auditLog.entry}, '$.actor.type') = 'venue'`)),
  ]);
  return reply(c, routes.log, {
    entries,
    employees: employees.flatMap((row) => (row.certificate ? [row.certificate] : [])),
    venues: cards.map((row) => row.card),
  });
});
