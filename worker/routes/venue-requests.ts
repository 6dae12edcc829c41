/**
 * The venue's inbox of health-office requests (trust model 2, 6): list the requests about the
 * operator's venues with the offices' certificates (the browser verifies the signatures), fetch
 * the sealed check-ins around a pending request's window, and answer: approve by uploading the
 * inner layers the browser selected (still sealed to the office), or decline with a reason.
 * The server checks what it can without plaintext: the venue is the operator's, the request is
 * pending, and every released check-in is one of that venue's check-ins near the window.
 * Mounted inside the venue-admin router, whose middleware has signed the caller in.
 */
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { venueRequestRoutes as routes } from '../../protocol/api/venue-requests.ts';
import { type Database, database } from '../db/client.ts';
import { candidatesWhere } from '../db/request-candidates.ts';
import { checkIns, dataRequests, officeRevocationStates, offices, venues } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';
import { appendWithAction, checkAuditEntry } from '../audit/append.ts';
import { releasedDetail } from '../../protocol/audit-log.ts';

/** A request about one of the operator's venues, or 404 (as for a request that does not exist). */
async function ownRequest(db: Database, requestId: string, accountId: string) {
  const row = await db
    .select({ request: dataRequests, card: venues.card })
    .from(dataRequests)
    .innerJoin(venues, eq(venues.id, dataRequests.venueId))
    .where(and(eq(dataRequests.id, requestId), eq(venues.operatorId, accountId)))
    .get();
  if (!row) throw new ApiFailure(404, 'unknown_request', 'You have no request with this id.');
  return { ...row.request, signingKey: row.card.signingKey };
}

/** The venue's answer must be signed by the venue's own key and name exactly this request. */
function expectedAnswer(request: Awaited<ReturnType<typeof ownRequest>>, kind: 'request_approved' | 'request_declined') {
  return {
    kind,
    officeId: request.officeId,
    caseId: request.caseId,
    venueId: request.venueId,
    requestId: request.id,
    actor: { type: 'venue' as const, id: request.venueId, signingKey: request.signingKey },
  };
}

export const venueRequestsRouter = new Hono<AppEnv>()
  .get('/', async (c) => {
    const db = database(c.env.DB);
    const rows = await db
      .select({ request: dataRequests, certificate: offices.certificate, revocation: officeRevocationStates.state })
      .from(dataRequests)
      .innerJoin(venues, eq(venues.id, dataRequests.venueId))
      .innerJoin(offices, eq(offices.id, dataRequests.officeId))
      .leftJoin(officeRevocationStates, eq(officeRevocationStates.officeId, dataRequests.officeId))
      .where(eq(venues.operatorId, c.get('account').id));
    return reply(c, routes.requests, {
      requests: rows
        .sort((a, b) => b.request.createdAt - a.request.createdAt)
        .map(({ request, certificate, revocation }) => ({
          request: request.request,
          office: certificate,
          revocation,
          status: request.status,
          declineReason: request.declineReason,
          answeredAt: request.answeredAt,
          releasedCount: request.releasedCount,
        })),
    });
  })
  .get('/:requestId/checkins', validate('param', routes.checkIns.params), async (c) => {
    const db = database(c.env.DB);
    const request = await ownRequest(db, c.req.valid('param').requestId, c.get('account').id);
    if (request.status !== 'pending') throw new ApiFailure(409, 'already_answered', 'This request has already been answered.');
    const rows = await db
      .select({
        id: checkIns.id,
        day: checkIns.day,
        officeKeyId: checkIns.officeKeyId,
        arrivalBucket: checkIns.arrivalBucket,
        departureBucket: checkIns.departureBucket,
        ciphertext: checkIns.ciphertext,
      })
      .from(checkIns)
      .where(candidatesWhere(request));
    return reply(c, routes.checkIns, { checkIns: rows });
  })
  .post(
    '/:requestId/approve',
    rateLimit('venue-answer'),
    validate('param', routes.approve.params),
    validate('json', routes.approve.body),
    async (c) => {
      const db = database(c.env.DB);
      const request = await ownRequest(db, c.req.valid('param').requestId, c.get('account').id);
      if (request.status !== 'pending') throw new ApiFailure(409, 'already_answered', 'This request has already been answered.');
      const { released, audit } = c.req.valid('json');
      await checkAuditEntry(audit, expectedAnswer(request, 'request_approved'));
      // The venue's signed statement must say what it released, so the office's log cannot understate it.
      if (audit.detail !== releasedDetail(released.length))
        throw new ApiFailure(422, 'audit_mismatch', `The audit entry must read "${releasedDetail(released.length)}".`);
      const ids = [...new Set(released.map((entry) => entry.checkInId))];
      if (ids.length !== released.length) throw new ApiFailure(400, 'duplicate_release', 'A check-in is listed twice.');
      // One query for the whole candidate set (D1 counts queries per invocation).
      const candidates = await db
        .select({ id: checkIns.id, day: checkIns.day, officeKeyId: checkIns.officeKeyId, departureBucket: checkIns.departureBucket })
        .from(checkIns)
        .where(candidatesWhere(request));
      const known = new Map(candidates.map((row) => [row.id, row]));
      if (ids.some((id) => !known.has(id)))
        throw new ApiFailure(422, 'not_in_window', 'A released check-in is not one of this venue’s check-ins around the requested time.');
      const answeredAt = Date.now();
      // One batch: the answer, releases and the audit entry that only land if this very answer did
      // (a second tab or a concurrent decline changes nothing and is told so).
      const landed = 'EXISTS (SELECT 1 FROM data_requests WHERE id = ?9 AND status = ?10 AND answered_at = ?11)';
      const { results } = await appendWithAction(
        c.env.DB,
        audit,
        () => [
          c.env.DB.prepare(
            "UPDATE data_requests SET status = 'approved', answered_at = ?1, released_count = ?2 WHERE id = ?3 AND status = 'pending'",
          ).bind(answeredAt, released.length, request.id),
          ...released.map((entry) => {
            const row = known.get(entry.checkInId);
            return c.env.DB.prepare(
              "INSERT OR IGNORE INTO released_checkins (request_id, checkin_id, day, office_key_id, departure_bucket, inner) SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM data_requests WHERE id = ?1 AND status = 'approved' AND answered_at = ?7)",
            ).bind(
              request.id,
              entry.checkInId,
              row?.day ?? '',
              row?.officeKeyId ?? '',
              row?.departureBucket ?? null,
              entry.inner,
              answeredAt,
            );
          }),
        ],
        { sql: landed, params: [request.id, 'approved', answeredAt] },
      );
      if (results[0]?.meta.changes !== 1) throw new ApiFailure(409, 'already_answered', 'This request has already been answered.');
      return reply(c, routes.approve, { status: 'approved', releasedCount: released.length });
    },
  )
  .post(
    '/:requestId/decline',
    rateLimit('venue-answer'),
    validate('param', routes.decline.params),
    validate('json', routes.decline.body),
    async (c) => {
      const db = database(c.env.DB);
      const request = await ownRequest(db, c.req.valid('param').requestId, c.get('account').id);
      if (request.status !== 'pending') throw new ApiFailure(409, 'already_answered', 'This request has already been answered.');
      const { reason, audit } = c.req.valid('json');
      await checkAuditEntry(audit, expectedAnswer(request, 'request_declined'));
      const answeredAt = Date.now();
      const { results } = await appendWithAction(
        c.env.DB,
        audit,
        () => [
          c.env.DB.prepare(
            "UPDATE data_requests SET status = 'declined', decline_reason = ?1, answered_at = ?2 WHERE id = ?3 AND status = 'pending'",
          ).bind(reason, answeredAt, request.id),
        ],
        {
          sql: 'EXISTS (SELECT 1 FROM data_requests WHERE id = ?9 AND status = ?10 AND answered_at = ?11)',
          params: [request.id, 'declined', answeredAt],
        },
      );
      if (results[0]?.meta.changes !== 1) throw new ApiFailure(409, 'already_answered', 'This request has already been answered.');
      return reply(c, routes.decline, { status: 'declined' });
    },
  );
