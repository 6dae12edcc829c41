/**
 * The warnings offices sent to the guests of this operator's venues, checked in the operator's
 * browser (trust model 6, 19): each warning and withdrawal up to the pinned root and against the
 * office's revocation state, like a guest's app checks it, and each held against the office's
 * audit entries about the venue, whose `warning_sent` / `warning_withdrawn` entry must be signed by
 * the same employee and state the same level and window. The server lists both; a warning it
 * shows without its entry, or an entry without its warning, is shown as such, never hidden.
 */
import { venueRequestRoutes } from '../../protocol/api/venue-requests.ts';
import { type VenueWarning, venueWarningRoutes } from '../../protocol/api/venue-warnings.ts';
import { parseAuditDetail } from '../../protocol/audit-detail.ts';
import { type ChainedAuditEntry, verifyAuditSignature } from '../../protocol/audit-log.ts';
import { ProtocolError, type ProtocolErrorCode, fromBase64Url } from '../../protocol/bytes.ts';
import { type Warning, type WarningOffice, type Withdrawal, verifyWarning, verifyWithdrawal } from '../../protocol/warning.ts';
import { call } from '../../client/api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { revocationMemory } from '../../client/revocation-memory.ts';

/** Why a warning or its withdrawal did not verify. */
export type WarningProblem = ProtocolErrorCode | 'unreadable';

/** Whether the office's audit chain holds the act: signed by the same employee with the same details. */
export type AuditState = 'signed' | 'missing' | 'mismatch';

export interface CheckedWarning {
  warning: Warning;
  /** The office's name from its verified certificate; undefined when the warning did not verify. */
  officeName: string | undefined;
  problem: WarningProblem | undefined;
  audit: AuditState;
  withdrawal: undefined | { withdrawal: Withdrawal; problem: WarningProblem | undefined; audit: AuditState };
}

export interface VenueWarnings {
  warnings: CheckedWarning[];
  /** `warning_sent` entries about the venues for which the server shows no warning. */
  unmatched: ChainedAuditEntry[];
}

const problemOf = (error: unknown): WarningProblem => (error instanceof ProtocolError ? error.code : 'unreadable');

async function auditStateOf(
  entries: readonly ChainedAuditEntry[],
  kind: 'warning_sent' | 'warning_withdrawn',
  signer: Warning['employee'],
  act: { warningId: string; venueId: string; caseId: string },
  expected: (entry: ChainedAuditEntry) => boolean,
): Promise<AuditState> {
  const entry = entries.find((candidate) => candidate.kind === kind && candidate.requestId === act.warningId);
  if (!entry) return 'missing';
  const same =
    entry.venueId === act.venueId &&
    entry.caseId === act.caseId &&
    entry.actor.type === 'employee' &&
    entry.actor.id === signer.employeeId &&
    expected(entry) &&
    (await verifyAuditSignature(entry, fromBase64Url(signer.signingKey)));
  return same ? 'signed' : 'mismatch';
}

async function checkOne(
  item: VenueWarning,
  office: WarningOffice,
  entries: readonly ChainedAuditEntry[],
  now: number,
): Promise<CheckedWarning> {
  const { warning } = item;
  const officeId = warning.officeId;
  let officeName: string | undefined;
  let problem: WarningProblem | undefined;
  try {
    const verified = await verifyWarning(PINNED_ROOT_PUBLIC_KEY, office, warning, now);
    revocationMemory.remember(officeId, verified.revocationSerial);
    officeName = verified.officeName;
  } catch (error) {
    problem = problemOf(error);
  }
  const audit = await auditStateOf(entries, 'warning_sent', warning.employee, warning, (entry) => {
    const detail = parseAuditDetail('warning_sent', entry.detail);
    return detail?.kind === 'warning_sent' && detail.level === warning.level && detail.from === warning.from && detail.to === warning.to;
  });
  let withdrawal: CheckedWarning['withdrawal'];
  if (item.withdrawal) {
    const signed = item.withdrawal;
    let withdrawalProblem: WarningProblem | undefined;
    try {
      if (signed.warningId !== warning.warningId || signed.venueId !== warning.venueId || signed.officeId !== officeId)
        throw new ProtocolError('wrong_office', 'the withdrawal is of another warning');
      await verifyWithdrawal(PINNED_ROOT_PUBLIC_KEY, office, signed, now);
    } catch (error) {
      withdrawalProblem = problemOf(error);
    }
    const withdrawalAudit = await auditStateOf(
      entries,
      'warning_withdrawn',
      signed.employee,
      { warningId: warning.warningId, venueId: warning.venueId, caseId: warning.caseId },
      (entry) => entry.detail === '',
    );
    withdrawal = { withdrawal: signed, problem: withdrawalProblem, audit: withdrawalAudit };
  }
  return { warning, officeName, problem, audit, withdrawal };
}

/** Loads and checks every warning about the operator's venues, newest first. */
export async function loadVenueWarnings(now = Date.now()): Promise<VenueWarnings> {
  const [{ warnings }, { entries }] = await Promise.all([call(venueWarningRoutes.list, {}), call(venueRequestRoutes.audit, {})]);
  // One WarningOffice per office, so that its certificate and revocation state are verified once
  // for all its warnings (protocol/warning.ts keeps the check per WarningOffice object).
  const offices = new Map<string, WarningOffice>();
  const officeOf = (item: VenueWarning): WarningOffice => {
    const officeId = item.warning.officeId;
    let office = offices.get(officeId);
    if (!office) {
      office = { certificate: item.office, revocation: item.revocation, highestSerialSeen: revocationMemory.highest(officeId) };
      offices.set(officeId, office);
    }
    return office;
  };
  const checked = await Promise.all(warnings.map((item) => checkOne(item, officeOf(item), entries, now)));
  const shown = new Set(warnings.map((item) => item.warning.warningId));
  const unmatched = entries.filter((entry) => entry.kind === 'warning_sent' && !shown.has(entry.requestId));
  return { warnings: checked, unmatched };
}
