/**
 * The office's audit chain (trust model 6): the office reads its chain with what it needs to
 * check it in the browser (employee certificates, which it verifies under its own identity key,
 * and the venues' cards for venue entries), and appends checkpoints, which let the retention job
 * delete entries past AUDIT_RETENTION_DAYS (worker/retention.ts). A venue operator's view of the
 * entries about their venues is worker/routes/venue-audit.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { officeAuditRoutes as routes } from '../../../protocol/api/office-audit.ts';
import { checkpointClaim } from '../../../protocol/audit-log.ts';
import { AUDIT_RETENTION_DAYS } from '../../../protocol/retention.ts';
import { DAY_MS } from '../../../protocol/time.ts';
import { appendWithAction, checkAuditEntry } from '../../audit/append.ts';
import { database } from '../../db/client.ts';
import { auditLog, officeEmployees, venues } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';
import { employeeActor, requireStaff } from '../../auth/office-staff.ts';
import { officeAuditHeadsRouter } from './audit-heads.ts';

export const officeAuditRouter = new Hono<AppEnv>()
  .get('/', requireStaff('active'), async (c) => {
    const db = database(c.env.DB);
    const officeId = c.get('staff').officeId;
    const rows = await db
      .select({ entry: auditLog.entry })
      .from(auditLog)
      .where(eq(auditLog.officeId, officeId))
      .orderBy(asc(auditLog.seq));
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
  })
  .post('/checkpoints', requireStaff('active'), rateLimit('office-checkpoint'), validate('json', routes.checkpoint.body), async (c) => {
    const staff = c.get('staff');
    const { audit } = c.req.valid('json');
    await checkAuditEntry(audit, { kind: 'checkpoint', officeId: staff.officeId, caseId: '', actor: employeeActor(staff) });
    const claim = checkpointClaim(audit);
    if (!claim) throw new ApiFailure(422, 'audit_mismatch', 'A checkpoint states the entry it covers: its number, hash and time.');
    // The statement must be true of this office's chain as stored: the purge trusts it later.
    const covered = await database(c.env.DB)
      .select({ hash: auditLog.hash, entry: auditLog.entry, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(and(eq(auditLog.officeId, staff.officeId), eq(auditLog.seq, claim.seq)))
      .get();
    if (!covered || covered.hash !== claim.hash || covered.entry.at !== claim.at)
      throw new ApiFailure(422, 'audit_mismatch', 'The checkpoint names no entry of your office’s chain as it stands.');
    // A checkpoint exists to let old entries go: over younger ones it would only lengthen the chain.
    if (covered.createdAt >= Date.now() - AUDIT_RETENTION_DAYS * DAY_MS)
      throw new ApiFailure(422, 'audit_mismatch', `A checkpoint covers only entries older than ${AUDIT_RETENTION_DAYS} days.`);
    const { chained } = await appendWithAction(c.env.DB, audit, () => []);
    return reply(c, routes.checkpoint, { seq: chained.seq });
  })
  .route('/heads', officeAuditHeadsRouter);
