/**
 * The scheduled retention job (trust model 7; the periods and their reasons: protocol/retention.ts
 * and docs/ARCHITECTURE.md "Retention"). Rows are deleted for real:
 *
 * - check-ins, released inner layers, daily public keys and the grants of daily private keys whose
 *   day is past RETENTION_DAYS. The grants are the only copies of those private keys anywhere
 *   (protocol/office-keyring.ts): after this, a backup of released inner layers or shared
 *   histories from those days cannot be opened by anyone;
 * - ended sessions, unused sign-in challenges and expired transfers (a TAN lives 24 hours);
 * - cases whose last step is past CLOSED_CASE_RETENTION_DAYS (closed) or IDLE_CASE_RETENTION_DAYS
 *   (open), with everything that hangs on them: contact statuses, requests and the inner layers
 *   released for them, forwards no remaining case rests on; contact statuses whose released check-in
 *   is gone; forwards never taken over after UNTAKEN_FORWARD_RETENTION_DAYS;
 * - audit entries past AUDIT_RETENTION_DAYS, but only up to an entry a checkpoint covers, so that
 *   the office's browser still verifies the chain from its first remaining entry.
 *
 * Everything but the audit log is one D1 batch, which D1 runs as one transaction, in an order that
 * respects the foreign keys (a child before its parent): at no moment is a case gone while its
 * contacts or requests stay, and a failing statement leaves everything as it was. The audit log is
 * a second batch: which entries may go is read from the checkpoints first.
 */
import { and, asc, eq } from 'drizzle-orm';
import { checkpointClaim } from '../protocol/audit-log.ts';
import {
  AUDIT_RETENTION_DAYS,
  CLOSED_CASE_RETENTION_DAYS,
  IDLE_CASE_RETENTION_DAYS,
  RETENTION_DAYS,
  UNTAKEN_FORWARD_RETENTION_DAYS,
} from '../protocol/retention.ts';
import { DAY_MS, addDays, dayOf } from '../protocol/time.ts';
import { database } from './db/client.ts';
import { auditLog } from './db/schema.ts';

export interface PurgeResult {
  checkIns: number;
  dailyKeys: number;
  destroyedPrivateKeys: number;
  releasedCheckIns: number;
  sessions: number;
  challenges: number;
  transfers: number;
  cases: number;
  caseContacts: number;
  dataRequests: number;
  forwards: number;
  auditEntries: number;
  warningFeed: number;
  warnings: number;
  warningReads: number;
}

/**
 * A case's last step, as the server saw it: opened, closed, its newest audit entry (every request,
 * forward, venue answer, decryption and export has one), a request's answer, a contact's status.
 * Deleting rows can only make it earlier, never later, so a case expired at the start of the batch
 * is still expired at its end.
 */
const LAST_STEP = `MAX(
  c.created_at,
  COALESCE(c.closed_at, 0),
  COALESCE((SELECT MAX(a.created_at) FROM audit_log a WHERE a.case_id = c.id AND a.office_id = c.office_id), 0),
  COALESCE((SELECT MAX(COALESCE(r.answered_at, r.created_at)) FROM data_requests r WHERE r.case_id = c.id), 0),
  COALESCE((SELECT MAX(k.updated_at) FROM case_contacts k WHERE k.case_id = c.id), 0)
)`;

/** Cases past their period: ?1 is the cut-off for closed cases, ?2 for open ones (ms). */
const EXPIRED_CASES = `SELECT c.id FROM cases c WHERE ${LAST_STEP} < CASE c.status WHEN 'closed' THEN ?1 ELSE ?2 END`;

/** Whether a case with the id in `column` still exists. */
const caseExists = (column: string) => `EXISTS (SELECT 1 FROM cases c WHERE c.id = ${column})`;

/** The statements of the main batch, in order, each with the name its count is reported under. */
function mainBatch(db: D1Database, nowMs: number): [keyof PurgeResult, D1PreparedStatement][] {
  const cutoffDay = addDays(dayOf(nowMs), -RETENTION_DAYS);
  const closedCutoff = nowMs - CLOSED_CASE_RETENTION_DAYS * DAY_MS;
  const idleCutoff = nowMs - IDLE_CASE_RETENTION_DAYS * DAY_MS;
  const forwardCutoff = nowMs - UNTAKEN_FORWARD_RETENTION_DAYS * DAY_MS;
  const warningCutoff = nowMs - RETENTION_DAYS * DAY_MS;
  return [
    ['checkIns', db.prepare('DELETE FROM checkins WHERE day < ?1').bind(cutoffDay)],
    // The feed after 28 days: no check-in a warning could concern is left, nor its key's day.
    ['warningFeed', db.prepare('DELETE FROM warning_feed WHERE created_at < ?1 OR day < ?2').bind(warningCutoff, cutoffDay)],
    ['warnings', db.prepare('DELETE FROM warnings WHERE created_at < ?1').bind(warningCutoff)],
    // A read tracks a check-in; with the check-in gone it tracks no one.
    [
      'warningReads',
      db.prepare('DELETE FROM warning_reads WHERE NOT EXISTS (SELECT 1 FROM checkins k WHERE k.id = warning_reads.checkin_id)'),
    ],
    // Public halves of expired daily keys are no longer needed by anyone.
    ['dailyKeys', db.prepare('DELETE FROM office_daily_keys WHERE day < ?1').bind(cutoffDay)],
    // Destroy the daily private keys (the identity key's grant has no day and stays).
    ['destroyedPrivateKeys', db.prepare('DELETE FROM office_key_grants WHERE day < ?1').bind(cutoffDay)],
    // Inner layers a venue released are check-in data too.
    ['releasedCheckIns', db.prepare('DELETE FROM released_checkins WHERE day < ?1').bind(cutoffDay)],
    ['sessions', db.prepare('DELETE FROM sessions WHERE expires_at < ?1').bind(nowMs)],
    ['challenges', db.prepare('DELETE FROM auth_challenges WHERE expires_at < ?1').bind(nowMs)],
    // A TAN lives 24 hours; its ciphertext goes with it (a case keeps the id it rested on, as a name).
    ['transfers', db.prepare('DELETE FROM transfers WHERE expires_at < ?1').bind(nowMs)],
    // Contact statuses before their case (foreign key), then the case.
    ['caseContacts', db.prepare(`DELETE FROM case_contacts WHERE case_id IN (${EXPIRED_CASES})`).bind(closedCutoff, idleCutoff)],
    [
      'cases',
      db
        .prepare(
          `DELETE FROM cases WHERE id IN (${EXPIRED_CASES}) AND NOT EXISTS (SELECT 1 FROM case_contacts k WHERE k.case_id = cases.id)`,
        )
        .bind(closedCutoff, idleCutoff),
    ],
    // Requests of cases no longer here, their released inner layers first (foreign key). Keyed on
    // the case being gone, not on the same expiry again, so that no request outlives its case.
    [
      'releasedCheckIns',
      db.prepare(
        `DELETE FROM released_checkins WHERE request_id IN (SELECT r.id FROM data_requests r WHERE NOT ${caseExists('r.case_id')})`,
      ),
    ],
    ['dataRequests', db.prepare(`DELETE FROM data_requests WHERE NOT ${caseExists('data_requests.case_id')}`)],
    // A forward lists in the sending case and founds the receiving office's case: it stays while
    // either does. One never taken over goes after its period (the check-ins it concerns are gone).
    [
      'forwards',
      db
        .prepare(
          `DELETE FROM forwards WHERE (taken_case_id IS NULL AND created_at < ?1)
             OR (taken_case_id IS NOT NULL AND NOT ${caseExists('forwards.case_id')} AND NOT ${caseExists('forwards.taken_case_id')})`,
        )
        .bind(forwardCutoff),
    ],
    // A contact's status tracks a released check-in of its case; with the check-in gone it tracks no one.
    [
      'caseContacts',
      db.prepare(
        `DELETE FROM case_contacts WHERE NOT EXISTS (
           SELECT 1 FROM released_checkins x JOIN data_requests r ON r.id = x.request_id
           WHERE r.case_id = case_contacts.case_id AND x.checkin_id = case_contacts.checkin_id)`,
      ),
    ],
  ];
}

/**
 * Per office, the entries the retention job may delete: up to the newest entry a checkpoint of the
 * office covers (hash as stored, the checkpoint after it) that was stored before the cut-off.
 */
async function auditCuts(db: D1Database, nowMs: number): Promise<Map<string, number>> {
  const cutoff = nowMs - AUDIT_RETENTION_DAYS * DAY_MS;
  const orm = database(db);
  // Checkpoints are the entries about no case (index audit_log_case); each names the entry it covers.
  const checkpoints = await orm
    .select({ officeId: auditLog.officeId, seq: auditLog.seq, entry: auditLog.entry })
    .from(auditLog)
    .where(eq(auditLog.caseId, ''))
    .orderBy(asc(auditLog.officeId), asc(auditLog.seq));
  const cuts = new Map<string, number>();
  for (const row of checkpoints) {
    const claim = checkpointClaim(row.entry);
    if (!claim || claim.seq >= row.seq || claim.seq <= (cuts.get(row.officeId) ?? 0)) continue;
    const covered = await orm
      .select({ hash: auditLog.hash, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(and(eq(auditLog.officeId, row.officeId), eq(auditLog.seq, claim.seq)))
      .get();
    // Gone already (an earlier cut reached past it), not the entry it states, or not old enough: it allows nothing.
    if (!covered || covered.hash !== claim.hash || covered.createdAt >= cutoff) continue;
    cuts.set(row.officeId, claim.seq);
  }
  return cuts;
}

export async function purgeExpired(db: D1Database, nowMs: number): Promise<PurgeResult> {
  const result: PurgeResult = {
    checkIns: 0,
    dailyKeys: 0,
    destroyedPrivateKeys: 0,
    releasedCheckIns: 0,
    sessions: 0,
    challenges: 0,
    transfers: 0,
    cases: 0,
    caseContacts: 0,
    dataRequests: 0,
    forwards: 0,
    auditEntries: 0,
    warningFeed: 0,
    warnings: 0,
    warningReads: 0,
  };
  const statements = mainBatch(db, nowMs);
  const outcomes = await db.batch(statements.map(([, statement]) => statement));
  statements.forEach(([name], index) => {
    result[name] += outcomes[index]?.meta.changes ?? 0;
  });
  const cuts = await auditCuts(db, nowMs);
  if (cuts.size > 0) {
    const deletes = [...cuts].map(([officeId, through]) =>
      db.prepare('DELETE FROM audit_log WHERE office_id = ?1 AND seq <= ?2').bind(officeId, through),
    );
    for (const outcome of await db.batch(deletes)) result.auditEntries += outcome.meta.changes;
  }
  return result;
}
