/**
 * Cases (trust model 2, 6): a case is opened from a redeemed TAN with the visits the employee
 * ticked in the index case's history (venue and time, decrypted in the employee's browser), from
 * a forwarded visit, or, for an index case who never used the app, from a reason alone; requests
 * to venues must belong to an open case of the caller's office, be signed by the caller's own
 * certified key, and either cover one of the case's visits ("visit") or carry a reason of their
 * own ("other"). A visit at a venue of another office is forwarded to that office's inbox; the
 * requesting office cannot ask that venue itself (it could not read the answer anyway: the
 * inner layer is the other office's). Every step is appended to the office's audit chain in the
 * same transaction.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { officeCaseRoutes as routes } from '../../../protocol/api/office-cases.ts';
import type { AuditKind, SignedAuditEntry } from '../../../protocol/audit-log.ts';
import { type DataRequest, verifyRequestUnderOffice } from '../../../protocol/data-request.ts';
import {
  type CaseVisit,
  MIN_REASON_LENGTH,
  VISIT_REQUEST_MARGIN_MS,
  implausibleVisit,
  isSufficientReason,
} from '../../../protocol/case-visit.ts';
import { formatAuditDetail } from '../../../protocol/audit-detail.ts';
import { type Database, database } from '../../db/client.ts';
import { caseContacts, cases, dataRequests, forwards, offices, releasedCheckIns, transfers, venues } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';
import { appendWithAction, checkAuditEntry } from '../../audit/append.ts';
import { employeeActor, officeCertificateOf, officeSigningKey, requireStaff } from '../../auth/office-staff.ts';

async function ownCase(db: Database, caseId: string, officeId: string, mustBeOpen = true) {
  const row = await db.query.cases.findFirst({ where: and(eq(cases.id, caseId), eq(cases.officeId, officeId)) });
  if (!row) throw new ApiFailure(404, 'unknown_case', 'Your office has no case with this id.');
  if (mustBeOpen && row.status !== 'open') throw new ApiFailure(409, 'case_closed', 'This case is closed.');
  return row;
}

/** Everything about a request the Worker can check without plaintext, for `kind` of action. */
async function checkRequest(
  c: Context<AppEnv>,
  caseId: string,
  request: DataRequest,
  audit: SignedAuditEntry,
  kind: 'request_sent' | 'request_forwarded',
) {
  const staff = c.get('staff');
  const db = database(c.env.DB);
  const kase = await ownCase(db, caseId, staff.officeId);
  if (request.caseId !== caseId) throw new ApiFailure(422, 'wrong_case', 'The request names another case.');
  if (request.officeId !== staff.officeId) throw new ApiFailure(403, 'other_office', 'The request is from another health office.');
  if (request.employee.employeeId !== staff.accountId || request.employee.signingKey !== staff.signingKey) {
    throw new ApiFailure(403, 'not_your_signature', 'A request must be signed with your own key.');
  }
  try {
    await verifyRequestUnderOffice(await officeSigningKey(db, staff.officeId), request, Date.now());
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw new ApiFailure(
      422,
      'bad_request_signature',
      `The request does not verify: ${error instanceof Error ? error.message : 'unknown reason'}`,
    );
  }
  const venue = await db.query.venues.findFirst({ where: eq(venues.id, request.venueId) });
  if (!venue) throw new ApiFailure(404, 'unknown_venue', 'There is no venue with this id.');
  const foreign = venue.officeId !== staff.officeId;
  if (kind === 'request_sent' && foreign)
    throw new ApiFailure(422, 'forward_required', 'This venue belongs to another health office: forward the visit to that office.');
  if (kind === 'request_forwarded' && !foreign)
    throw new ApiFailure(422, 'own_venue', 'This venue is your office’s own: send the request directly.');
  if (request.caseReference !== kase.reference)
    throw new ApiFailure(422, 'wrong_reference', 'The request names another file number than its case.');
  if (request.basis === 'visit') {
    const visits = kase.visits;
    // The window must lie within the visit widened by the margin, not merely touch it.
    const covered = visits.some(
      (visit) =>
        visit.venueId === request.venueId &&
        request.from >= visit.from - VISIT_REQUEST_MARGIN_MS &&
        request.to <= visit.to + VISIT_REQUEST_MARGIN_MS,
    );
    if (!covered)
      throw new ApiFailure(
        422,
        'not_a_case_visit',
        'The index case has no visit at this venue around this time. Ask on another basis, with a reason.',
      );
  } else if (!isSufficientReason(request.reason)) {
    throw new ApiFailure(
      422,
      'reason_required',
      `A venue the index case did not visit needs a reason of at least ${MIN_REASON_LENGTH} characters.`,
      'request.reason',
    );
  }
  await checkAuditEntry(audit, {
    kind,
    officeId: staff.officeId,
    caseId,
    venueId: request.venueId,
    requestId: request.requestId,
    actor: employeeActor(staff),
  });
  return { db, venue };
}

/**
 * A case rests on a TAN this office redeemed for exactly this case id (the redemption is in the
 * audit chain), still within the TAN's validity. Its visits come from the decrypted history,
 * which the Worker cannot read: it checks that they are plausible stays at existing venues.
 */
async function redeemedSource(db: Database, officeId: string, caseId: string, visits: readonly CaseVisit[]) {
  const transfer = await db.query.transfers.findFirst({ where: and(eq(transfers.caseId, caseId), eq(transfers.officeId, officeId)) });
  if (!transfer || transfer.redeemedAt === null || transfer.expiresAt < Date.now()) {
    throw new ApiFailure(
      422,
      'no_source',
      'A case starts from a TAN the guest shared (redeemed for this case), from a forwarded visit, or from a reason for an index case without the app.',
    );
  }
  const now = Date.now();
  visits.forEach((visit, index) => {
    const problem = implausibleVisit(visit, now);
    if (problem)
      throw new ApiFailure(
        422,
        'bad_visit',
        `A visit must be a stay that has begun, of at most 24 hours within the last 28 days (${problem.replace(/_/g, ' ')}).`,
        `visits.${index}`,
      );
  });
  const venueIds = [...new Set(visits.map((visit) => visit.venueId))];
  // Chunks: D1 binds at most 100 parameters per query.
  const found = new Set<string>();
  for (let i = 0; i < venueIds.length; i += 90) {
    for (const row of await db
      .select({ id: venues.id })
      .from(venues)
      .where(inArray(venues.id, venueIds.slice(i, i + 90))))
      found.add(row.id);
  }
  const missing = visits.findIndex((visit) => !found.has(visit.venueId));
  if (missing >= 0) throw new ApiFailure(422, 'unknown_visit_venue', 'A visit names a venue that does not exist.', `visits.${missing}`);
  return { visits, transferId: transfer.id };
}

/** A case taking over a forwarded visit: the visit is the forwarded request's venue and window. */
async function forwardedSource(db: Database, officeId: string, forwardId: string) {
  const forward = await db.query.forwards.findFirst({ where: and(eq(forwards.id, forwardId), eq(forwards.toOfficeId, officeId)) });
  if (!forward) throw new ApiFailure(404, 'unknown_forward', 'There is no such forwarded visit for your office.');
  if (forward.takenCaseId !== null) throw new ApiFailure(409, 'forward_taken', 'This forwarded visit has already been taken over.');
  const request = forward.request;
  return { visits: [{ venueId: request.venueId, from: request.from, to: request.to }], transferId: undefined };
}

/**
 * A case for an index case who never used the app ("I was at Café X on Friday evening"): there
 * is no history, so no visits; every request in it is on the "other" basis with its own reason,
 * shown to the venue, which decides. The office states why in the signed `case_opened` entry.
 */
function withoutAppSource(audit: SignedAuditEntry, reason: string, visits: readonly CaseVisit[]) {
  if (!isSufficientReason(reason))
    throw new ApiFailure(
      422,
      'reason_required',
      `A case without the app needs a reason of at least ${MIN_REASON_LENGTH} characters.`,
      'withoutApp.reason',
    );
  if (visits.length > 0)
    throw new ApiFailure(
      422,
      'bad_visit',
      'A case without the app has no visits from a history: ask venues on the "other" basis.',
      'visits',
    );
  if (audit.detail !== formatAuditDetail({ kind: 'case_opened', source: 'interview', reason })) {
    throw new ApiFailure(422, 'audit_mismatch', 'The case_opened entry must state the reason for a case without the app.');
  }
  return { visits: [], transferId: undefined };
}

async function appendOnly(c: Context<AppEnv>, caseId: string, audit: SignedAuditEntry, kinds: readonly AuditKind[]) {
  const staff = c.get('staff');
  await checkAuditEntry(audit, { kind: kinds, officeId: staff.officeId, caseId, actor: employeeActor(staff) });
  return appendWithAction(c.env.DB, audit, () => []);
}

export const officeCasesRouter = new Hono<AppEnv>()
  .use(requireStaff('active'))
  .post('/', rateLimit('office-case'), validate('json', routes.open.body), async (c) => {
    const staff = c.get('staff');
    const { caseId, reference, forwardId, withoutApp, audit } = c.req.valid('json');
    await checkAuditEntry(audit, { kind: 'case_opened', officeId: staff.officeId, caseId, actor: employeeActor(staff) });
    const db = database(c.env.DB);
    if (!(await officeCertificateOf(db, staff.officeId)))
      throw new ApiFailure(409, 'office_not_certified', 'Your office has no certificate yet.');
    if (await db.query.cases.findFirst({ where: eq(cases.id, caseId), columns: { id: true } }))
      throw new ApiFailure(409, 'case_exists', 'A case with this id exists.');
    const { visits } = c.req.valid('json');
    if (forwardId && withoutApp)
      throw new ApiFailure(422, 'no_source', 'A case rests on one source: a forwarded visit or a reason, not both.');
    const source = forwardId
      ? await forwardedSource(db, staff.officeId, forwardId)
      : withoutApp
        ? withoutAppSource(audit, withoutApp.reason, visits)
        : await redeemedSource(db, staff.officeId, caseId, visits);
    const now = Date.now();
    await appendWithAction(c.env.DB, audit, () => [
      c.env.DB.prepare(
        'INSERT INTO cases (id, office_id, reference, visits, status, created_by, created_at, source_transfer_id, source_forward_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)',
      ).bind(
        caseId,
        staff.officeId,
        reference,
        JSON.stringify(source.visits),
        'open',
        staff.accountId,
        now,
        source.transferId ?? null,
        forwardId ?? null,
      ),
      ...(forwardId
        ? [c.env.DB.prepare('UPDATE forwards SET taken_case_id = ?1 WHERE id = ?2 AND taken_case_id IS NULL').bind(caseId, forwardId)]
        : []),
    ]);
    return reply(c, routes.open, { caseId });
  })
  .get('/', async (c) => {
    const rows = await database(c.env.DB)
      .select()
      .from(cases)
      .where(eq(cases.officeId, c.get('staff').officeId));
    return reply(c, routes.list, {
      cases: rows
        .sort((a, b) => b.createdAt - a.createdAt)
        .map(({ id, reference, status, createdAt, closedAt }) => ({ id, reference, status, createdAt, closedAt })),
    });
  })
  .get('/:caseId', validate('param', routes.detail.params), async (c) => {
    const db = database(c.env.DB);
    const kase = await ownCase(db, c.req.valid('param').caseId, c.get('staff').officeId, false);
    const requests = await db
      .select({ request: dataRequests, card: venues.card })
      .from(dataRequests)
      .innerJoin(venues, eq(venues.id, dataRequests.venueId))
      .where(eq(dataRequests.caseId, kase.id));
    const [released, contacts, forwarded] = await Promise.all([
      // A join, not IN (…): D1 binds at most 100 parameters, and a case may ask many venues.
      db
        .select({ released: releasedCheckIns })
        .from(releasedCheckIns)
        .innerJoin(dataRequests, eq(dataRequests.id, releasedCheckIns.requestId))
        .where(eq(dataRequests.caseId, kase.id))
        .then((rows) => rows.map((row) => row.released)),
      db
        .select({ checkInId: caseContacts.checkInId, person: caseContacts.person, status: caseContacts.status })
        .from(caseContacts)
        .where(eq(caseContacts.caseId, kase.id))
        // Person 0, the one who checked in, is written without `person` (as before groups).
        .then((rows) => rows.map(({ person, ...row }) => (person > 0 ? { ...row, person } : row))),
      db
        .select({ request: forwards.request, toOfficeId: forwards.toOfficeId, takenCaseId: forwards.takenCaseId, officeName: offices.name })
        .from(forwards)
        .innerJoin(offices, eq(offices.id, forwards.toOfficeId))
        .where(eq(forwards.caseId, kase.id)),
    ]);
    const venueOf = new Map(requests.map((row) => [row.request.id, row.request.venueId]));
    return reply(c, routes.detail, {
      case: {
        id: kase.id,
        reference: kase.reference,
        status: kase.status,
        visits: kase.visits,
        createdAt: kase.createdAt,
        closedAt: kase.closedAt,
      },
      requests: requests.map(({ request, card }) => ({
        request: request.request,
        venue: card,
        status: request.status,
        declineReason: request.declineReason,
        answeredAt: request.answeredAt,
        releasedCount: request.releasedCount,
      })),
      released: released.map((row) => ({
        requestId: row.requestId,
        checkInId: row.checkInId,
        venueId: venueOf.get(row.requestId) ?? '',
        day: row.day,
        officeKeyId: row.officeKeyId,
        departureBucket: row.departureBucket,
        inner: row.inner,
      })),
      contacts,
      forwards: forwarded.map((row) => ({ request: row.request, toOfficeName: row.officeName, taken: row.takenCaseId !== null })),
    });
  })
  .post(
    '/:caseId/requests',
    rateLimit('office-request'),
    validate('param', routes.request.params),
    validate('json', routes.request.body),
    async (c) => {
      const { caseId } = c.req.valid('param');
      const { request, audit } = c.req.valid('json');
      const { db } = await checkRequest(c, caseId, request, audit, 'request_sent');
      if (await db.query.dataRequests.findFirst({ where: eq(dataRequests.id, request.requestId), columns: { id: true } }))
        throw new ApiFailure(409, 'request_exists', 'This request was already sent.');
      // Only into a case still open when the batch runs (a close from another tab wins); the entry only with it.
      await appendWithAction(
        c.env.DB,
        audit,
        () => [
          c.env.DB.prepare(
            "INSERT INTO data_requests (id, office_id, venue_id, case_id, request, window_from, window_to, created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM cases WHERE id = ?4 AND status = 'open')",
          ).bind(
            request.requestId,
            request.officeId,
            request.venueId,
            caseId,
            JSON.stringify(request),
            request.from,
            request.to,
            Date.now(),
          ),
        ],
        { sql: 'EXISTS (SELECT 1 FROM data_requests WHERE id = ?9)', params: [request.requestId] },
      );
      if (!(await db.query.dataRequests.findFirst({ where: eq(dataRequests.id, request.requestId), columns: { id: true } })))
        throw new ApiFailure(409, 'case_closed', 'This case was closed meanwhile.');
      return reply(c, routes.request, { requestId: request.requestId, status: 'pending' });
    },
  )
  .post(
    '/:caseId/forwards',
    rateLimit('office-request'),
    validate('param', routes.forward.params),
    validate('json', routes.forward.body),
    async (c) => {
      const { caseId } = c.req.valid('param');
      const { request, audit } = c.req.valid('json');
      const { db, venue } = await checkRequest(c, caseId, request, audit, 'request_forwarded');
      if (await db.query.forwards.findFirst({ where: eq(forwards.id, request.requestId), columns: { id: true } }))
        throw new ApiFailure(409, 'request_exists', 'This visit was already forwarded.');
      await appendWithAction(c.env.DB, audit, () => [
        c.env.DB.prepare(
          'INSERT INTO forwards (id, from_office_id, to_office_id, case_id, request, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
        ).bind(request.requestId, request.officeId, venue.officeId, caseId, JSON.stringify(request), Date.now()),
      ]);
      return reply(c, routes.forward, { forwarded: true, toOfficeId: venue.officeId });
    },
  )
  .put(
    '/:caseId/contacts/:checkInId',
    validate('param', routes.contactStatus.params),
    validate('json', routes.contactStatus.body),
    async (c) => {
      const { caseId, checkInId } = c.req.valid('param');
      const db = database(c.env.DB);
      await ownCase(db, caseId, c.get('staff').officeId);
      const released = await db
        .select({ id: releasedCheckIns.checkInId })
        .from(releasedCheckIns)
        .innerJoin(dataRequests, eq(dataRequests.id, releasedCheckIns.requestId))
        .where(and(eq(dataRequests.caseId, caseId), eq(releasedCheckIns.checkInId, checkInId)))
        .get();
      if (!released) throw new ApiFailure(404, 'unknown_contact', 'This case has no such contact.');
      // The server cannot tell whether the check-in holds that many persons (the group is sealed):
      // it keeps what the office's browser, which opened the inner layer, marks.
      const { status, person = 0 } = c.req.valid('json');
      await db
        .insert(caseContacts)
        .values({ caseId, checkInId, person, status, updatedAt: Date.now() })
        .onConflictDoUpdate({
          target: [caseContacts.caseId, caseContacts.checkInId, caseContacts.person],
          set: { status, updatedAt: Date.now() },
        });
      return reply(c, routes.contactStatus, { status });
    },
  )
  .post('/:caseId/audit', validate('param', routes.audit.params), validate('json', routes.audit.body), async (c) => {
    const { caseId } = c.req.valid('param');
    await ownCase(database(c.env.DB), caseId, c.get('staff').officeId, false);
    const { chained } = await appendOnly(c, caseId, c.req.valid('json').audit, ['results_decrypted', 'exported']);
    return reply(c, routes.audit, { seq: chained.seq });
  })
  .post('/:caseId/close', validate('param', routes.close.params), validate('json', routes.close.body), async (c) => {
    const { caseId } = c.req.valid('param');
    const staff = c.get('staff');
    await ownCase(database(c.env.DB), caseId, staff.officeId);
    const { audit } = c.req.valid('json');
    await checkAuditEntry(audit, { kind: 'case_closed', officeId: staff.officeId, caseId, actor: employeeActor(staff) });
    await appendWithAction(c.env.DB, audit, () => [
      c.env.DB.prepare("UPDATE cases SET status = 'closed', closed_at = ?1 WHERE id = ?2").bind(Date.now(), caseId),
    ]);
    return reply(c, routes.close, { status: 'closed' });
  });
