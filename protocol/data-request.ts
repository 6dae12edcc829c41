/**
 * Health-office data requests (trust model 6): every request names a case and a time window, is
 * signed by the employee's own key, and the employee's key is certified by the office's identity
 * key, which chains to the pinned root. The venue verifies the whole chain before it shows the
 * request as authentic, and releases nothing outside the window.
 *
 *   employee certificate: ECDSA_office(encodeFields("luca-next/v1/employee-certificate",
 *                           officeId, employeeId, name, signingKey, notBefore, notAfter,
 *                           deviceKey, role))
 *
 * The certificate names the employee's device key (the ECDH key office keys are sealed to) and
 * role, so a colleague's browser seals keys only to a device the office certified, never to a
 * device key the server put in a list.
 *   request:              ECDSA_employee(encodeFields("luca-next/v1/data-request", requestId,
 *                           officeId, employeeId, caseId, caseReference, venueId, from, to, basis, reason, createdAt))
 *
 * basis "visit": the index case visited the venue around the window (the case lists the visit);
 * basis "other": any other venue (a contact's workplace, a second event), which needs a reason
 * of its own that the venue reads before it decides.
 */
import * as v from 'valibot';
import { type Bytes, ProtocolError, fromBase64Url, toBase64Url } from './bytes.ts';
import { type OfficeCertificate, verifyOfficeCertificate } from './hierarchy.ts';
import { exportPublicKey, importPublicKey } from './keys.ts';
import { signFields, verifyFields } from './signing.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time.ts';

const EMPLOYEE_LABEL = 'luca-next/v1/employee-certificate';
const REQUEST_LABEL = 'luca-next/v1/data-request';
/** A request older than this is no longer answered. */
export const MAX_REQUEST_AGE_MS = 14 * DAY_MS;
/** The longest window one request may ask for. */
export const MAX_REQUEST_WINDOW_MS = 3 * DAY_MS;
/**
 * How long an employee certificate lives (trust model 18): an admin's browser renews it while the
 * employee is active (protocol/revocation.ts), so a removed employee's certificate lapses within
 * this time even where no revocation state reaches.
 */
export const EMPLOYEE_CERTIFICATE_DAYS = 30;
/** The longest `notAfter − notBefore` accepted: the lifetime and the minute of clock slack issuing allows. */
export const MAX_CERTIFICATE_LIFETIME_MS = EMPLOYEE_CERTIFICATE_DAYS * DAY_MS + MINUTE_MS;

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));
const Key = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{87}$/));
const Signature = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/));
const Time = v.pipe(v.number(), v.integer(), v.minValue(0));

export const EmployeeCertificateSchema = v.strictObject({
  v: v.literal(1),
  officeId: Id,
  employeeId: Id,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  signingKey: Key,
  /** The employee's device key (ECDH): office private keys are sealed to it and nothing else. */
  deviceKey: Key,
  role: v.picklist(['admin', 'member']),
  notBefore: Time,
  notAfter: Time,
  signature: Signature,
});
export type EmployeeCertificate = v.InferOutput<typeof EmployeeCertificateSchema>;

export const DataRequestSchema = v.strictObject({
  v: v.literal(1),
  requestId: Id,
  officeId: Id,
  caseId: Id,
  /** The office's own file number, shown to the venue. */
  caseReference: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  venueId: Id,
  from: Time,
  to: Time,
  basis: v.picklist(['visit', 'other']),
  reason: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
  createdAt: Time,
  employee: EmployeeCertificateSchema,
  signature: Signature,
});
export type DataRequest = v.InferOutput<typeof DataRequestSchema>;

function employeeFields(cert: Omit<EmployeeCertificate, 'v' | 'signature'>): string[] {
  return [
    cert.officeId,
    cert.employeeId,
    cert.name,
    cert.signingKey,
    String(cert.notBefore),
    String(cert.notAfter),
    cert.deviceKey,
    cert.role,
  ];
}

function requestFields(request: Omit<DataRequest, 'v' | 'signature' | 'employee'> & { employeeId: string }): string[] {
  return [
    request.requestId,
    request.officeId,
    request.employeeId,
    request.caseId,
    request.caseReference,
    request.venueId,
    String(request.from),
    String(request.to),
    request.basis,
    request.reason,
    String(request.createdAt),
  ];
}

export async function issueEmployeeCertificate(
  officeSigningPrivate: CryptoKey,
  cert: Omit<EmployeeCertificate, 'v' | 'signature' | 'signingKey'> & { signingKey: CryptoKey },
): Promise<EmployeeCertificate> {
  const unsigned = { ...cert, signingKey: toBase64Url(await exportPublicKey(cert.signingKey)) };
  const signature = await signFields(officeSigningPrivate, EMPLOYEE_LABEL, ...employeeFields(unsigned));
  return { v: 1, ...unsigned, signature: toBase64Url(signature) };
}

export async function signDataRequest(
  employeePrivate: CryptoKey,
  employee: EmployeeCertificate,
  request: Omit<DataRequest, 'v' | 'signature' | 'employee' | 'officeId'>,
): Promise<DataRequest> {
  const full = { ...request, officeId: employee.officeId };
  const signature = await signFields(employeePrivate, REQUEST_LABEL, ...requestFields({ ...full, employeeId: employee.employeeId }));
  return { v: 1, ...full, employee, signature: toBase64Url(signature) };
}

export interface VerifiedRequest {
  request: DataRequest;
  officeName: string;
  employeeName: string;
}

function decode(text: string): Bytes {
  try {
    return fromBase64Url(text);
  } catch {
    throw new ProtocolError('bad_signature', 'not base64url');
  }
}

/**
 * Checks a request up to the pinned root: the office certificate (of the office the request
 * names), the employee certificate under that office's identity key and valid when the request
 * was made, the request's signature under the employee key, and a sane window.
 */
export async function verifyDataRequest(
  rootPublic: Bytes | CryptoKey,
  office: OfficeCertificate,
  request: DataRequest,
  nowMs: number,
): Promise<VerifiedRequest> {
  if (office.officeId !== request.officeId)
    throw new ProtocolError('wrong_office', 'the request, its employee and the office do not belong together');
  const verifiedOffice = await verifyOfficeCertificate(rootPublic, office, nowMs);
  await verifyRequestUnderOffice(verifiedOffice.signingKey, request, nowMs);
  return { request, officeName: verifiedOffice.name, employeeName: request.employee.name };
}

/** An employee certificate signed by the office's identity key. */
export async function verifyEmployeeCertificate(officeSigningKey: CryptoKey, employee: EmployeeCertificate): Promise<boolean> {
  try {
    return await verifyFields(officeSigningKey, decode(employee.signature), EMPLOYEE_LABEL, ...employeeFields(employee));
  } catch {
    return false;
  }
}

/**
 * The request's part of the check, under an office key the caller already trusts (the venue:
 * through the root; the Worker: the certificate it stores): the employee certified by the office
 * and valid when the request was made, the request signed by the employee, a sane window.
 */
export async function verifyRequestUnderOffice(officeSigningKey: CryptoKey, request: DataRequest, nowMs: number): Promise<void> {
  const employee = request.employee;
  if (employee.officeId !== request.officeId)
    throw new ProtocolError('wrong_office', 'the request, its employee and the office do not belong together');
  if (!(await verifyEmployeeCertificate(officeSigningKey, employee))) {
    throw new ProtocolError('bad_signature', 'the employee is not certified by the office');
  }
  if (request.createdAt < employee.notBefore || request.createdAt > employee.notAfter) {
    throw new ProtocolError('expired', 'the employee certificate was not valid when the request was made');
  }
  checkCertificateLifetime(employee, request.createdAt);
  if (request.createdAt > nowMs + 5 * 60_000) throw new ProtocolError('bad_payload', 'the request is dated in the future');
  // Backdating into an old certificate's validity must not keep a former employee's key alive.
  if (request.createdAt < nowMs - MAX_REQUEST_AGE_MS) throw new ProtocolError('expired', 'the request is older than 14 days');
  const employeeKey = await importPublicKey(decode(employee.signingKey), 'signing');
  if (
    !(await verifyFields(
      employeeKey,
      decode(request.signature),
      REQUEST_LABEL,
      ...requestFields({ ...request, employeeId: employee.employeeId }),
    ))
  ) {
    throw new ProtocolError('bad_signature', 'the request is not signed by the employee');
  }
  if (request.to <= request.from || request.to - request.from > MAX_REQUEST_WINDOW_MS) {
    throw new ProtocolError('bad_payload', 'the time window is empty or longer than three days');
  }
  if (request.to > request.createdAt + HOUR_MS) throw new ProtocolError('bad_payload', 'the window reaches into the future');
}

/** A certificate of at most the short lifetime, valid at `atMs`. */
export function checkCertificateLifetime(certificate: EmployeeCertificate, atMs: number): void {
  if (certificate.notAfter - certificate.notBefore > MAX_CERTIFICATE_LIFETIME_MS)
    throw new ProtocolError('expired', 'the employee certificate lives longer than an office may certify');
  if (atMs < certificate.notBefore) throw new ProtocolError('not_yet_valid', 'the employee certificate is not valid yet');
  if (atMs > certificate.notAfter) throw new ProtocolError('expired', 'the employee certificate has expired');
}

/** No stay lasts longer than this, whatever departure time the server reports. */
export const MAX_STAY_MS = DAY_MS;

/**
 * The venue's rule for what a request covers: a stay overlaps the window if it began before the
 * window ended and ended (or, without a checkout, would have ended after the default stay)
 * after the window began. The departure comes from the server, which is not trusted: it is
 * capped at 24 hours after the (authenticated) arrival, so an inflated departure cannot widen
 * what the venue releases.
 */
export function stayOverlaps(
  window: { from: number; to: number },
  stay: { arrivedAt: number; departedAt: number | null; defaultStayMs: number },
): boolean {
  const end = Math.min(stay.departedAt ?? stay.arrivedAt + stay.defaultStayMs, stay.arrivedAt + MAX_STAY_MS);
  return stay.arrivedAt <= window.to && end >= window.from;
}
