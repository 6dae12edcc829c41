/**
 * Warnings in a case (trust model 19): only an admitted employee of a certified office, with a
 * warning signed by their own certified key for a visit of one of their open cases, and its
 * audit entry; at most MAX_WARNINGS_PER_OFFICE_DAY a day per office. The warning, its feed
 * entries (one per day its window touches) and its audit entry land in one batch. A withdrawal is
 * signed and audited alike and published as entries of its own under the same tags.
 */
import { and, count, eq, gt } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { MAX_WARNINGS_PER_OFFICE_DAY, officeWarningRoutes as routes } from '../../../protocol/api/office-warnings.ts';
import { formatAuditDetail } from '../../../protocol/audit-detail.ts';
import { VISIT_REQUEST_MARGIN_MS } from '../../../protocol/case-visit.ts';
import { DAY_MS } from '../../../protocol/time.ts';
import { type EmployeeCertificate } from '../../../protocol/data-request.ts';
import { verifyWarningUnderOffice, verifyWithdrawalUnderOffice } from '../../../protocol/warning.ts';
import { feedEntriesFor } from '../../../protocol/warning-feed.ts';
import { employeeActor, officeSigningKey, requireStaff } from '../../auth/office-staff.ts';
import { appendWithAction, checkAuditEntry } from '../../audit/append.ts';
import { type Database, database } from '../../db/client.ts';
import { cases, dataRequests, officeWarningTexts, releasedCheckIns, venues, warningReads, warnings } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';

async function ownCase(db: Database, caseId: string, officeId: string, mustBeOpen: boolean) {
  const row = await db.query.cases.findFirst({ where: and(eq(cases.id, caseId), eq(cases.officeId, officeId)) });
  if (!row) throw new ApiFailure(404, 'unknown_case', 'Your office has no case with this id.');
  if (mustBeOpen && row.status !== 'open') throw new ApiFailure(409, 'case_closed', 'This case is closed.');
  return row;
}

/** The signer must be the caller: their account and the signing key the Worker stores for it. */
function checkSigner(c: Context<AppEnv>, officeId: string, employee: EmployeeCertificate): void {
  const staff = c.get('staff');
  if (officeId !== staff.officeId) throw new ApiFailure(403, 'other_office', 'The warning is from another health office.');
  if (employee.employeeId !== staff.accountId || employee.signingKey !== staff.signingKey)
    throw new ApiFailure(403, 'not_your_signature', 'A warning must be signed with your own key.');
}

function badSignature(error: unknown): Error {
  if (error instanceof ApiFailure) return error as Error;
  return new ApiFailure(
    422,
    'bad_warning_signature',
    `The warning does not verify: ${error instanceof Error ? error.message : 'unknown reason'}`,
  );
}

export const officeWarningsRouter = new Hono<AppEnv>()
  .post(
    '/cases/:caseId/warnings',
    requireStaff('active'),
    rateLimit('office-warning'),
    validate('param', routes.send.params),
    validate('json', routes.send.body),
    async (c) => {
      const { caseId } = c.req.valid('param');
      const { warning, audit } = c.req.valid('json');
      const staff = c.get('staff');
      const db = database(c.env.DB);
      const kase = await ownCase(db, caseId, staff.officeId, true);
      if (warning.caseId !== caseId) throw new ApiFailure(422, 'wrong_case', 'The warning names another case.');
      checkSigner(c, warning.officeId, warning.employee);
      const officeKey = await officeSigningKey(db, staff.officeId);
      await verifyWarningUnderOffice(officeKey, warning, Date.now()).catch((error: unknown) => {
        throw badSignature(error);
      });
      if (!(await db.query.venues.findFirst({ where: eq(venues.id, warning.venueId), columns: { id: true } })))
        throw new ApiFailure(404, 'unknown_venue', 'There is no venue with this id.');
      // Only the index case's own visits, widened as for a request: a warning is never about a place the case did not go.
      const covered = kase.visits.some(
        (visit) =>
          visit.venueId === warning.venueId &&
          warning.from >= visit.from - VISIT_REQUEST_MARGIN_MS &&
          warning.to <= visit.to + VISIT_REQUEST_MARGIN_MS,
      );
      if (!covered) throw new ApiFailure(422, 'not_a_case_visit', 'The index case has no visit at this venue around this time.');
      if (await db.query.warnings.findFirst({ where: eq(warnings.id, warning.warningId), columns: { id: true } }))
        throw new ApiFailure(409, 'warning_exists', 'This warning was already sent.');
      const sentToday = await db
        .select({ n: count() })
        .from(warnings)
        .where(and(eq(warnings.officeId, staff.officeId), gt(warnings.createdAt, Date.now() - DAY_MS)))
        .get();
      if ((sentToday?.n ?? 0) >= MAX_WARNINGS_PER_OFFICE_DAY)
        throw new ApiFailure(429, 'warning_limit', `An office may send at most ${MAX_WARNINGS_PER_OFFICE_DAY} warnings a day.`);
      await checkAuditEntry(audit, {
        kind: 'warning_sent',
        officeId: staff.officeId,
        caseId,
        venueId: warning.venueId,
        requestId: warning.warningId,
        actor: employeeActor(staff),
      });
      if (audit.detail !== formatAuditDetail({ kind: 'warning_sent', level: warning.level, from: warning.from, to: warning.to }))
        throw new ApiFailure(422, 'audit_mismatch', 'The warning_sent entry must state the level and the window of the warning.');
      const entries = await feedEntriesFor({ kind: 'warning', warning });
      const now = Date.now();
      await appendWithAction(
        c.env.DB,
        audit,
        () => [
          // Only into a case still open when the batch runs; the feed entries and the audit entry only with it.
          c.env.DB.prepare(
            "INSERT INTO warnings (id, office_id, case_id, venue_id, warning, withdrawal, created_at) SELECT ?1, ?2, ?3, ?4, ?5, NULL, ?6 WHERE EXISTS (SELECT 1 FROM cases WHERE id = ?3 AND status = 'open')",
          ).bind(warning.warningId, staff.officeId, caseId, warning.venueId, JSON.stringify(warning), now),
          ...entries.map((entry) =>
            c.env.DB.prepare(
              'INSERT INTO warning_feed (tag, day, body, warning_id, created_at) SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM warnings WHERE id = ?4)',
            ).bind(entry.tag, entry.day, entry.body, warning.warningId, now),
          ),
        ],
        { sql: 'EXISTS (SELECT 1 FROM warnings WHERE id = ?9)', params: [warning.warningId] },
      );
      if (!(await db.query.warnings.findFirst({ where: eq(warnings.id, warning.warningId), columns: { id: true } })))
        throw new ApiFailure(409, 'case_closed', 'This case was closed meanwhile.');
      return reply(c, routes.send, { warningId: warning.warningId, entries: entries.length });
    },
  )
  .post(
    '/cases/:caseId/warnings/:warningId/withdraw',
    requireStaff('active'),
    rateLimit('office-warning'),
    validate('param', routes.withdraw.params),
    validate('json', routes.withdraw.body),
    async (c) => {
      const { caseId, warningId } = c.req.valid('param');
      const { withdrawal, audit } = c.req.valid('json');
      const staff = c.get('staff');
      const db = database(c.env.DB);
      // A closed case's warnings can still be withdrawn: an error may be found late.
      await ownCase(db, caseId, staff.officeId, false);
      const row = await db.query.warnings.findFirst({ where: and(eq(warnings.id, warningId), eq(warnings.caseId, caseId)) });
      if (!row || withdrawal.warningId !== warningId || withdrawal.venueId !== row.venueId)
        throw new ApiFailure(404, 'unknown_warning', 'This case has no such warning.');
      if (row.withdrawal !== null) throw new ApiFailure(409, 'warning_withdrawn', 'This warning was already withdrawn.');
      checkSigner(c, withdrawal.officeId, withdrawal.employee);
      await verifyWithdrawalUnderOffice(await officeSigningKey(db, staff.officeId), withdrawal, Date.now()).catch((error: unknown) => {
        throw badSignature(error);
      });
      await checkAuditEntry(audit, {
        kind: 'warning_withdrawn',
        officeId: staff.officeId,
        caseId,
        venueId: row.venueId,
        requestId: warningId,
        actor: employeeActor(staff),
      });
      if (audit.detail !== '') throw new ApiFailure(422, 'audit_mismatch', 'A warning_withdrawn entry has no detail.');
      const entries = await feedEntriesFor({ kind: 'withdrawal', withdrawal, window: row.warning });
      const now = Date.now();
      await appendWithAction(c.env.DB, audit, () => [
        c.env.DB.prepare('UPDATE warnings SET withdrawal = ?1 WHERE id = ?2 AND withdrawal IS NULL').bind(
          JSON.stringify(withdrawal),
          warningId,
        ),
        ...entries.map((entry) =>
          c.env.DB.prepare('INSERT INTO warning_feed (tag, day, body, warning_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)').bind(
            entry.tag,
            entry.day,
            entry.body,
            warningId,
            now,
          ),
        ),
      ]);
      return reply(c, routes.withdraw, { withdrawn: true });
    },
  )
  .get('/cases/:caseId/warnings', requireStaff('active'), validate('param', routes.list.params), async (c) => {
    const { caseId } = c.req.valid('param');
    const db = database(c.env.DB);
    await ownCase(db, caseId, c.get('staff').officeId, false);
    const rows = await db.select().from(warnings).where(eq(warnings.caseId, caseId)).orderBy(warnings.createdAt);
    // Reads only of check-ins a venue released to this case: the office learns nothing of other guests.
    const reads =
      rows.length === 0
        ? []
        : await db
            .selectDistinct({ warningId: warningReads.warningId, checkInId: warningReads.checkInId, readAt: warningReads.readAt })
            .from(warningReads)
            .innerJoin(releasedCheckIns, eq(releasedCheckIns.checkInId, warningReads.checkInId))
            .innerJoin(dataRequests, eq(dataRequests.id, releasedCheckIns.requestId))
            .innerJoin(warnings, eq(warnings.id, warningReads.warningId))
            .where(and(eq(dataRequests.caseId, caseId), eq(warnings.caseId, caseId)));
    return reply(c, routes.list, {
      warnings: rows.map((row) => ({
        warning: row.warning,
        withdrawal: row.withdrawal ?? null,
        reads: reads.filter((read) => read.warningId === row.id).map(({ checkInId, readAt }) => ({ checkInId, readAt })),
      })),
    });
  })
  .get('/warning-texts', requireStaff('active'), async (c) => {
    const row = await database(c.env.DB).query.officeWarningTexts.findFirst({
      where: eq(officeWarningTexts.officeId, c.get('staff').officeId),
    });
    return reply(c, routes.texts, { texts: row?.texts ?? null });
  })
  .put('/warning-texts', requireStaff('admin'), rateLimit('office-warning-texts'), validate('json', routes.saveTexts.body), async (c) => {
    const texts = c.req.valid('json');
    const officeId = c.get('staff').officeId;
    await database(c.env.DB)
      .insert(officeWarningTexts)
      .values({ officeId, texts, updatedAt: Date.now() })
      .onConflictDoUpdate({ target: officeWarningTexts.officeId, set: { texts, updatedAt: Date.now() } });
    return reply(c, routes.saveTexts, { texts });
  });
