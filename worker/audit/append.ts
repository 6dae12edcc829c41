/**
 * Appending to an office's audit chain (trust model 6). The entry arrives signed by the actor's
 * browser; the Worker checks that it states exactly the action being taken, is fresh and is
 * signed by the caller's own key, then links it after the office's head in the same D1 batch
 * (one transaction) as the action itself: no action without its entry, no entry without the
 * action. Two concurrent appends collide on (office_id, seq); the loser retries on the new head.
 */
import * as v from 'valibot';
import {
  type AuditKind,
  type ChainedAuditEntry,
  type SignedAuditEntry,
  SignedAuditEntrySchema,
  linkAuditEntry,
  verifyAuditSignature,
} from '../../protocol/audit-log.ts';
import { fromBase64Url } from '../../protocol/bytes.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import { ApiFailure } from '../http/errors.ts';
import { uniquenessViolation } from '../db/constraint.ts';

export { SignedAuditEntrySchema };

/** How far a signed statement's time may be from the server's (clock skew, a slow network). */
export const AUDIT_FRESHNESS_MS = 10 * MINUTE_MS;
const MAX_ATTEMPTS = 5;

export interface ExpectedEntry {
  kind: AuditKind | readonly AuditKind[];
  officeId: string;
  caseId: string;
  venueId?: string;
  requestId?: string;
  actor: { type: 'employee' | 'venue'; id: string; signingKey: string };
}

/** Refuses an entry that does not describe this action by this actor, now. */
export async function checkAuditEntry(entry: SignedAuditEntry, expected: ExpectedEntry, nowMs = Date.now()): Promise<void> {
  const kinds: readonly AuditKind[] = typeof expected.kind === 'string' ? [expected.kind] : expected.kind;
  const mismatch =
    !kinds.includes(entry.kind) ||
    entry.officeId !== expected.officeId ||
    entry.caseId !== expected.caseId ||
    entry.venueId !== (expected.venueId ?? '') ||
    entry.requestId !== (expected.requestId ?? '') ||
    entry.actor.type !== expected.actor.type ||
    entry.actor.id !== expected.actor.id;
  if (mismatch) throw new ApiFailure(422, 'audit_mismatch', 'The audit entry does not describe this action.');
  if (Math.abs(entry.at - nowMs) > AUDIT_FRESHNESS_MS)
    throw new ApiFailure(422, 'audit_stale', 'The audit entry is not dated now; check the device clock.');
  if (!(await verifyAuditSignature(entry, fromBase64Url(expected.actor.signingKey)))) {
    throw new ApiFailure(422, 'audit_signature', 'The audit entry is not signed by your key.');
  }
}

/**
 * Runs `statements` and the linked entry in one batch. `statements` is rebuilt per attempt so
 * that actions guarded by conditions see the state of the attempt that lands. `onlyIf` makes the
 * entry land only when the guarded action did.
 */
export async function appendWithAction(
  db: D1Database,
  entry: SignedAuditEntry,
  statements: () => D1PreparedStatement[],
  /** SQL over parameters ?9 onwards. */
  onlyIf?: { sql: string; params: readonly (string | number)[] },
): Promise<{ chained: ChainedAuditEntry; results: D1Result[] }> {
  v.parse(SignedAuditEntrySchema, entry);
  for (let attempt = 1; ; attempt++) {
    const head = await db
      .prepare('SELECT seq, hash FROM audit_log WHERE office_id = ?1 ORDER BY seq DESC LIMIT 1')
      .bind(entry.officeId)
      .first<{ seq: number; hash: string }>();
    const chained = await linkAuditEntry(entry, head ?? undefined);
    const insert = db
      .prepare(
        `INSERT INTO audit_log (office_id, seq, venue_id, case_id, entry, hash, signature, created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE ${onlyIf?.sql ?? '1'}`,
      )
      .bind(
        chained.officeId,
        chained.seq,
        chained.venueId,
        chained.caseId,
        JSON.stringify(chained),
        chained.hash,
        chained.signature,
        Date.now(),
        ...(onlyIf?.params ?? []),
      );
    try {
      const results = await db.batch([...statements(), insert]);
      return { chained, results };
    } catch (error) {
      const violation = uniquenessViolation(error);
      if (violation === undefined) throw error;
      // Another append took this sequence number: link again after the new head.
      if (/audit_log\.(office_id|seq)/.test(violation) && attempt < MAX_ATTEMPTS) continue;
      if (/audit_log\.signature/.test(violation))
        throw new ApiFailure(409, 'audit_replayed', 'This signed audit entry was already recorded.');
      throw new ApiFailure(409, 'already_done', 'This was already done (a second tab or a repeated click).');
    }
  }
}
