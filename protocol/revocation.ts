/**
 * Short-lived employee certificates and the office's signed revocation state (trust model 18,
 * PROTOCOL.md "Revocation"):
 *
 *   revocation state = {v:1, officeId, serial, issuedAt, revoked: [fingerprint, …], signature}
 *     signature = ECDSA_officeIdentity(encodeFields("luca-next/v1/revocation-state", officeId,
 *                 decimal(serial), decimal(issuedAt), decimal(n), revoked[0], …, revoked[n-1]))
 *     revoked   = fingerprint(signingKey) of every removed employee, sorted, each once
 *
 * The server stores and serves the state but cannot make one: only an admin's browser, holding
 * the identity key, signs it, on every removal and at least daily. A device that checks an
 * employee's signature (the venue approving a request, the guest app reading a warning) needs a
 * state that verifies under the office's certified identity key, is at most REVOCATION_MAX_AGE_MS
 * old (so a server withholding the newest state can replay an older one for a week at most), and
 * whose serial is not below the highest the device has seen (so it cannot be rolled back on
 * that device). With no such state the signature is refused: the check fails closed.
 */
import * as v from 'valibot';
import { type Bytes, ProtocolError, fromBase64Url, toBase64Url } from './bytes.ts';
import {
  EMPLOYEE_CERTIFICATE_DAYS,
  type EmployeeCertificate,
  MAX_CERTIFICATE_LIFETIME_MS,
  checkCertificateLifetime,
  verifyEmployeeCertificate,
} from './data-request.ts';

export { EMPLOYEE_CERTIFICATE_DAYS, MAX_CERTIFICATE_LIFETIME_MS, checkCertificateLifetime };
import { fingerprint } from './hierarchy.ts';
import { signFields, verifyFields } from './signing.ts';
import { DAY_MS, MINUTE_MS } from './time.ts';
import { IdSchema, SignatureSchema, TimeMsSchema } from './wire-primitives.ts';

const REVOCATION_LABEL = 'luca-next/v1/revocation-state';

/** An admin's browser renews a colleague's certificate once fewer days than this are left. */
export const RENEW_WHEN_DAYS_LEFT = 21;
/** A revocation state older than this is not fresh: the signature it would clear is refused. */
export const REVOCATION_MAX_AGE_MS = 7 * DAY_MS;
/** An admin's browser signs a new state once the served one is older than this. */
export const REVOCATION_RESIGN_AFTER_MS = DAY_MS;
/** A state dated this far ahead of the checking device's clock is refused. */
const CLOCK_SKEW_MS = 5 * MINUTE_MS;
/** More than any office ever removes (employee rows stay; see MAX_EMPLOYEES). */
export const MAX_REVOKED = 5000;

/** fingerprint() of a signing key: 16 bytes, base64url. */
export const KeyFingerprintSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/, 'must be a key fingerprint'));

export const RevocationStateSchema = v.strictObject({
  v: v.literal(1),
  officeId: IdSchema,
  /** Grows with every state the office signs; devices refuse a lower one than they have seen. */
  serial: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  issuedAt: TimeMsSchema,
  /** Fingerprints of the signing keys of every removed employee, sorted, each once. */
  revoked: v.pipe(v.array(KeyFingerprintSchema), v.maxLength(MAX_REVOKED)),
  signature: SignatureSchema,
});
export type RevocationState = v.InferOutput<typeof RevocationStateSchema>;

/** A state that verified under the office's identity key; only verifyRevocationState makes one. */
export class VerifiedRevocationState {
  /** Makes the class nominal: a plain object of the same shape is not one. */
  readonly #verified = true;
  constructor(
    readonly officeId: string,
    readonly serial: number,
    readonly issuedAt: number,
    readonly revoked: ReadonlySet<string>,
    /** The identity key that signed it: employee certificates must chain to the same key. */
    readonly officeSigningKey: CryptoKey,
  ) {}

  get verified(): boolean {
    return this.#verified;
  }
}

function stateFields(state: Omit<RevocationState, 'v' | 'signature'>): string[] {
  return [state.officeId, String(state.serial), String(state.issuedAt), String(state.revoked.length), ...state.revoked];
}

/** The canonical list: sorted by code unit, each fingerprint once (one encoding per state). */
function canonical(revoked: readonly string[]): string[] {
  return [...new Set(revoked)].sort();
}

/** What a revocation state lists for an employee: the fingerprint of their signing key (base64url text). */
export async function signingKeyFingerprint(signingKey: string): Promise<string> {
  return fingerprint(decode(signingKey));
}

export async function issueRevocationState(
  officeSigningPrivate: CryptoKey,
  state: { officeId: string; serial: number; issuedAt: number; revoked: readonly string[] },
): Promise<RevocationState> {
  const revoked = canonical(state.revoked);
  const unsigned = { officeId: state.officeId, serial: state.serial, issuedAt: state.issuedAt, revoked };
  const signature = await signFields(officeSigningPrivate, REVOCATION_LABEL, ...stateFields(unsigned));
  return { v: 1, ...unsigned, signature: toBase64Url(signature) };
}

/**
 * Verifies a served state under the office identity key the caller verified up to the pinned root.
 * `highestSerialSeen`: the highest serial this device has accepted for the office (0 if none); a
 * lower one is a rollback. An equal one is the same state again (the signature pins it).
 */
export async function verifyRevocationState(
  officeSigningKey: CryptoKey,
  officeId: string,
  state: RevocationState,
  nowMs: number,
  highestSerialSeen: number,
): Promise<VerifiedRevocationState> {
  if (state.officeId !== officeId) throw new ProtocolError('wrong_office', 'the revocation state belongs to another office');
  const ordered = canonical(state.revoked);
  if (ordered.length !== state.revoked.length || ordered.some((entry, index) => entry !== state.revoked[index]))
    throw new ProtocolError('bad_payload', 'the revoked keys are not sorted or not unique');
  if (!(await verifyFields(officeSigningKey, decode(state.signature), REVOCATION_LABEL, ...stateFields(state))))
    throw new ProtocolError('bad_signature', 'the revocation state is not signed by the office');
  if (state.issuedAt > nowMs + CLOCK_SKEW_MS) throw new ProtocolError('bad_payload', 'the revocation state is dated in the future');
  if (state.serial < highestSerialSeen) throw new ProtocolError('rolled_back', 'an older revocation state than this device has seen');
  return new VerifiedRevocationState(state.officeId, state.serial, state.issuedAt, new Set(state.revoked), officeSigningKey);
}

/**
 * The one check before an employee's signature counts (a venue approving a request, a guest
 * reading a warning): the certificate is signed by the identity key that signed the state, lived
 * no longer than MAX_CERTIFICATE_LIFETIME_MS and was valid at `signedAt` (the signed act's own
 * time; `now` if the act has none), the state is fresh at `now`, and the employee's signing key is
 * not revoked in it. No state (undefined) is refused like a stale one: fail closed.
 */
export async function verifyEmployeeActive(
  state: VerifiedRevocationState | undefined,
  certificate: EmployeeCertificate,
  nowMs: number,
  signedAt: number = nowMs,
): Promise<void> {
  if (!state) throw new ProtocolError('stale_revocation', 'no revocation state of the office is available');
  if (certificate.officeId !== state.officeId)
    throw new ProtocolError('wrong_office', 'the employee and the revocation state belong to different offices');
  if (!(await verifyEmployeeCertificate(state.officeSigningKey, certificate)))
    throw new ProtocolError('bad_signature', 'the employee is not certified by the office');
  checkCertificateLifetime(certificate, signedAt);
  if (nowMs - state.issuedAt > REVOCATION_MAX_AGE_MS) throw new ProtocolError('stale_revocation', 'the revocation state is out of date');
  if (state.revoked.has(await signingKeyFingerprint(certificate.signingKey)))
    throw new ProtocolError('revoked', 'the employee was removed from the office');
}

/** Whether an admin's browser should renew this certificate now. */
export function certificateDue(certificate: EmployeeCertificate, nowMs: number): boolean {
  return (
    certificate.notAfter - nowMs < RENEW_WHEN_DAYS_LEFT * DAY_MS ||
    certificate.notAfter - certificate.notBefore > MAX_CERTIFICATE_LIFETIME_MS
  );
}

function decode(text: string): Bytes {
  try {
    return fromBase64Url(text);
  } catch {
    throw new ProtocolError('bad_signature', 'not base64url');
  }
}
