/**
 * Warnings to exposed guests (trust model 19; PROTOCOL.md "Warnings"): a health-office employee
 * warns the guests of one venue in one time window, at a level with the office's advice and
 * contact, and may withdraw it. Both acts are signed with the employee's key, which the office's
 * identity key certifies, which the pinned root certifies:
 *
 *   warning:    ECDSA_employee(encodeFields("luca-next/v1/warning", warningId, officeId, employeeId,
 *                 caseId, venueId, from, to, level, adviceDe, adviceEn, phone, hours, createdAt))
 *   withdrawal: ECDSA_employee(encodeFields("luca-next/v1/warning-withdrawal", warningId, officeId,
 *                 employeeId, venueId, withdrawnAt))
 *
 * The guest app shows nothing that does not verify up to the pinned root (`verifyWarning`,
 * `verifyWithdrawal`), so a warning the server or a feed reader made up, altered, or signed with a
 * key the office never certified is never shown. Whether the signer may sign at all is decided in
 * one place, `verifyWarningSigner`.
 */
import * as v from 'valibot';
import { type Bytes, ProtocolError, fromBase64Url, toBase64Url } from './bytes.ts';
import { type EmployeeCertificate, EmployeeCertificateSchema, verifyEmployeeCertificate } from './data-request.ts';
import { type OfficeCertificate, verifyOfficeCertificate } from './hierarchy.ts';
import { importPublicKey } from './keys.ts';
import { type RevocationState, verifyEmployeeActive, verifyRevocationState } from './revocation.ts';
import { signFields, verifyFields } from './signing.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, RETENTION_DAYS } from './time.ts';
import { IdSchema, SignatureSchema, TimeMsSchema } from './wire-primitives.ts';

const WARNING_LABEL = 'luca-next/v1/warning';
const WITHDRAWAL_LABEL = 'luca-next/v1/warning-withdrawal';

/**
 * Guests who arrive up to this long after the warned window ended count as exposed: aerosols stay
 * in a room after the index case left. Part of the matching rule every app applies, not of the
 * signed window, so the office's window states the index case's stay (widened by its margin).
 */
export const LATE_ARRIVAL_MS = 30 * MINUTE_MS;
/** The longest window one warning may cover (as a request). */
export const MAX_WARNING_WINDOW_MS = 3 * DAY_MS;
/** A warning older than the check-ins it concerns concerns no one any more. */
export const MAX_WARNING_AGE_MS = RETENTION_DAYS * DAY_MS;
/** Clock skew an app tolerates for a time stated as "now". */
const FUTURE_SKEW_MS = 5 * MINUTE_MS;

export const WARNING_LEVELS = [1, 2] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

const ControlFree = v.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
/** One level's advice in one language, as the office wrote it (shown as plain text). */
export const AdviceTextSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(600), ControlFree);
export const OfficeContactSchema = v.strictObject({
  phone: v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(40), v.regex(/^[0-9 +()/-]+$/, 'must be a phone number')),
  hours: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200), ControlFree),
});
export type OfficeContact = v.InferOutput<typeof OfficeContactSchema>;
export const AdviceSchema = v.strictObject({ de: AdviceTextSchema, en: AdviceTextSchema });
export type Advice = v.InferOutput<typeof AdviceSchema>;

export const WarningSchema = v.strictObject({
  v: v.literal(1),
  warningId: IdSchema,
  officeId: IdSchema,
  /** The case it was sent in: its audit entries carry the same id. */
  caseId: IdSchema,
  venueId: IdSchema,
  /** The window (ms): the index case's stay, widened by the office's margin. */
  from: TimeMsSchema,
  to: TimeMsSchema,
  level: v.picklist(WARNING_LEVELS),
  advice: AdviceSchema,
  contact: OfficeContactSchema,
  createdAt: TimeMsSchema,
  employee: EmployeeCertificateSchema,
  signature: SignatureSchema,
});
export type Warning = v.InferOutput<typeof WarningSchema>;

export const WithdrawalSchema = v.strictObject({
  v: v.literal(1),
  warningId: IdSchema,
  officeId: IdSchema,
  venueId: IdSchema,
  withdrawnAt: TimeMsSchema,
  employee: EmployeeCertificateSchema,
  signature: SignatureSchema,
});
export type Withdrawal = v.InferOutput<typeof WithdrawalSchema>;

export type UnsignedWarning = Omit<Warning, 'v' | 'signature' | 'employee' | 'officeId'>;

function warningFields(warning: Omit<Warning, 'v' | 'signature' | 'employee'>, employeeId: string): string[] {
  return [
    warning.warningId,
    warning.officeId,
    employeeId,
    warning.caseId,
    warning.venueId,
    String(warning.from),
    String(warning.to),
    String(warning.level),
    warning.advice.de,
    warning.advice.en,
    warning.contact.phone,
    warning.contact.hours,
    String(warning.createdAt),
  ];
}

function withdrawalFields(withdrawal: Omit<Withdrawal, 'v' | 'signature' | 'employee'>, employeeId: string): string[] {
  return [withdrawal.warningId, withdrawal.officeId, employeeId, withdrawal.venueId, String(withdrawal.withdrawnAt)];
}

export async function signWarning(employeePrivate: CryptoKey, employee: EmployeeCertificate, warning: UnsignedWarning): Promise<Warning> {
  const full = { ...warning, officeId: employee.officeId };
  const signature = await signFields(employeePrivate, WARNING_LABEL, ...warningFields(full, employee.employeeId));
  return { v: 1, ...full, employee, signature: toBase64Url(signature) };
}

export async function signWithdrawal(
  employeePrivate: CryptoKey,
  employee: EmployeeCertificate,
  withdrawal: Omit<Withdrawal, 'v' | 'signature' | 'employee' | 'officeId'>,
): Promise<Withdrawal> {
  const full = { ...withdrawal, officeId: employee.officeId };
  const signature = await signFields(employeePrivate, WITHDRAWAL_LABEL, ...withdrawalFields(full, employee.employeeId));
  return { v: 1, ...full, employee, signature: toBase64Url(signature) };
}

function decode(text: string): Bytes {
  try {
    return fromBase64Url(text);
  } catch {
    throw new ProtocolError('bad_signature', 'not base64url');
  }
}

/**
 * THE check of who may warn: an employee certified by this office's identity key (which the
 * caller has verified: the app up to the pinned root, the Worker from the office's stored
 * certificate), valid when the act was signed. Warnings and withdrawals, in the app and in the
 * Worker, pass through here and nowhere else, so a further condition on the signer (a revoked or
 * short-lived certificate) is added here once and holds everywhere. Returns the employee's key.
 */
export async function verifyWarningSigner(
  officeSigningKey: CryptoKey,
  officeId: string,
  employee: EmployeeCertificate,
  signedAt: number,
): Promise<CryptoKey> {
  if (employee.officeId !== officeId) throw new ProtocolError('wrong_office', 'the signer is not an employee of this office');
  if (!(await verifyEmployeeCertificate(officeSigningKey, employee)))
    throw new ProtocolError('bad_signature', 'the signer is not certified by the office');
  if (signedAt < employee.notBefore || signedAt > employee.notAfter)
    throw new ProtocolError('expired', 'the signer’s certificate was not valid when it signed');
  return importPublicKey(decode(employee.signingKey), 'signing');
}

function checkFresh(at: number, nowMs: number): void {
  if (at > nowMs + FUTURE_SKEW_MS) throw new ProtocolError('bad_payload', 'dated in the future');
  if (at < nowMs - MAX_WARNING_AGE_MS) throw new ProtocolError('expired', 'older than the retention period');
}

/** The warning's part of the check under an office key the caller already trusts (the Worker: the stored certificate). */
export async function verifyWarningUnderOffice(officeSigningKey: CryptoKey, warning: Warning, nowMs: number): Promise<void> {
  const key = await verifyWarningSigner(officeSigningKey, warning.officeId, warning.employee, warning.createdAt);
  checkFresh(warning.createdAt, nowMs);
  if (!(await verifyFields(key, decode(warning.signature), WARNING_LABEL, ...warningFields(warning, warning.employee.employeeId))))
    throw new ProtocolError('bad_signature', 'the warning is not signed by the employee');
  if (warning.to <= warning.from || warning.to - warning.from > MAX_WARNING_WINDOW_MS)
    throw new ProtocolError('bad_payload', 'the window is empty or longer than three days');
  if (warning.to > warning.createdAt + HOUR_MS) throw new ProtocolError('bad_payload', 'the window reaches into the future');
}

export async function verifyWithdrawalUnderOffice(officeSigningKey: CryptoKey, withdrawal: Withdrawal, nowMs: number): Promise<void> {
  const key = await verifyWarningSigner(officeSigningKey, withdrawal.officeId, withdrawal.employee, withdrawal.withdrawnAt);
  checkFresh(withdrawal.withdrawnAt, nowMs);
  if (
    !(await verifyFields(
      key,
      decode(withdrawal.signature),
      WITHDRAWAL_LABEL,
      ...withdrawalFields(withdrawal, withdrawal.employee.employeeId),
    ))
  )
    throw new ProtocolError('bad_signature', 'the withdrawal is not signed by the employee');
}

export interface VerifiedWarning {
  warning: Warning;
  officeName: string;
  /** The serial of the office's revocation state the signer was checked against, for the device to remember. */
  revocationSerial: number;
}

/** What the app knows of the warning's office: its certificate and revocation state as served, and the highest serial it has seen. */
export interface WarningOffice {
  certificate: OfficeCertificate;
  revocation: RevocationState | null;
  highestSerialSeen: number;
}

/**
 * The office's key up to the pinned root, and the signer checked against the office's revocation
 * state (trust model 18): a warning signed by a removed employee, or checked against a state that
 * is missing, stale or older than one this device has seen, is not shown.
 */
async function verifiedOffice(rootPublic: Bytes | CryptoKey, office: WarningOffice, officeId: string, nowMs: number) {
  if (office.certificate.officeId !== officeId) throw new ProtocolError('wrong_office', 'the certificate is of another office');
  // One check per office per refresh: the app passes the same WarningOffice for every entry of one
  // refresh (and a new one for the next), so its certificate and state are verified once, not for
  // each of the office's warnings (the guest's matching budget, bench/warning-match.ts).
  let checked = officeChecks.get(office);
  if (!checked || checked.rootPublic !== rootPublic) {
    checked = { rootPublic, result: checkOffice(rootPublic, office, nowMs) };
    officeChecks.set(office, checked);
  }
  return checked.result;
}

const officeChecks = new WeakMap<WarningOffice, { rootPublic: Bytes | CryptoKey; result: ReturnType<typeof checkOffice> }>();

async function checkOffice(rootPublic: Bytes | CryptoKey, office: WarningOffice, nowMs: number) {
  const verified = await verifyOfficeCertificate(rootPublic, office.certificate, nowMs);
  const state = office.revocation
    ? await verifyRevocationState(verified.signingKey, office.certificate.officeId, office.revocation, nowMs, office.highestSerialSeen)
    : undefined;
  return { verified, state };
}

/** The app's check of a warning up to the pinned root, before anything of it is shown. */
export async function verifyWarning(
  rootPublic: Bytes | CryptoKey,
  office: WarningOffice,
  warning: Warning,
  nowMs: number,
): Promise<VerifiedWarning> {
  const { verified, state } = await verifiedOffice(rootPublic, office, warning.officeId, nowMs);
  await verifyWarningUnderOffice(verified.signingKey, warning, nowMs);
  await verifyEmployeeActive(state, warning.employee, nowMs, warning.createdAt);
  return { warning, officeName: verified.name, revocationSerial: state?.serial ?? 0 };
}

/** The app's check of a withdrawal up to the pinned root: a withdrawal anyone could make would silence real warnings. */
export async function verifyWithdrawal(
  rootPublic: Bytes | CryptoKey,
  office: WarningOffice,
  withdrawal: Withdrawal,
  nowMs: number,
): Promise<Withdrawal> {
  const { verified, state } = await verifiedOffice(rootPublic, office, withdrawal.officeId, nowMs);
  await verifyWithdrawalUnderOffice(verified.signingKey, withdrawal, nowMs);
  await verifyEmployeeActive(state, withdrawal.employee, nowMs, withdrawal.withdrawnAt);
  return withdrawal;
}
