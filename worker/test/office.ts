/**
 * Health-office staff for Worker tests: an office account with a session, an employee row and a
 * certificate issued by the world's office key, made directly in D1 (the passkey ceremony and
 * key handling in the browser are exercised by the e2e journey).
 */
import { env } from 'cloudflare:workers';
import { type AuditBody, signAuditEntry } from '../../protocol/audit-log.ts';
import { randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import { type DataRequest, type EmployeeCertificate, issueEmployeeCertificate, signDataRequest } from '../../protocol/data-request.ts';
import { newId } from '../../protocol/ids.ts';
import { exportPublicKey, generateKeyPair, importPrivateJwk } from '../../protocol/keys.ts';
import type { ProvisionedOffice } from '../../protocol/provisioning.ts';
import { DAY_MS } from '../../protocol/time.ts';
import { SESSION_COOKIE } from '../auth/session.ts';
import { hashSessionToken } from '../auth/session-token.ts';

export interface TestStaff {
  accountId: string;
  officeId: string;
  cookie: string;
  signingKey: CryptoKey;
  certificate: EmployeeCertificate;
  deviceKey: CryptoKeyPair;
}

export async function sessionCookieFor(accountId: string, lastSeenAt = Date.now()): Promise<string> {
  const token = toBase64Url(randomBytes(32));
  const hash = await hashSessionToken(token);
  await env.DB.prepare('INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .bind(hash, accountId, lastSeenAt, lastSeenAt, Date.now() + DAY_MS)
    .run();
  return `${SESSION_COOKIE}=${token}`;
}

export async function staffOf(
  office: ProvisionedOffice,
  options: { role?: 'admin' | 'member'; status?: 'pending' | 'active'; name?: string } = {},
): Promise<TestStaff> {
  const accountId = newId();
  const officeId = office.certificate.officeId;
  const signing = await generateKeyPair('signing');
  const deviceKey = await generateKeyPair('encryption');
  const certificate = await issueEmployeeCertificate(await importPrivateJwk(office.signingPrivateJwk, 'signing'), {
    officeId,
    employeeId: accountId,
    name: options.name ?? 'Dr. Anna Weber',
    signingKey: signing.publicKey,
    deviceKey: toBase64Url(await exportPublicKey(deviceKey.publicKey)),
    role: options.role ?? 'member',
    notBefore: Date.now() - DAY_MS,
    notAfter: Date.now() + 29 * DAY_MS,
  });
  const now = Date.now();
  await env.DB.prepare("INSERT INTO accounts (id, role, display_name, user_handle, created_at) VALUES (?, 'office', ?, ?, ?)")
    .bind(accountId, certificate.name, newId(), now)
    .run();
  const status = options.status ?? 'active';
  await env.DB.prepare(
    'INSERT INTO office_employees (account_id, office_id, role, status, device_key, signing_key, certificate, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      accountId,
      officeId,
      options.role ?? 'member',
      status,
      certificate.deviceKey,
      certificate.signingKey,
      status === 'active' ? JSON.stringify(certificate) : null,
      now,
    )
    .run();
  return { accountId, officeId, cookie: await sessionCookieFor(accountId), signingKey: signing.privateKey, certificate, deviceKey };
}

export function auditBy(
  staff: TestStaff,
  body: Omit<AuditBody, 'officeId' | 'at' | 'venueId' | 'requestId' | 'detail'> & Partial<AuditBody>,
) {
  return signAuditEntry(
    staff.signingKey,
    { type: 'employee', id: staff.accountId },
    { officeId: staff.officeId, venueId: '', requestId: '', detail: '', at: Date.now(), ...body },
  );
}

export function requestBy(
  staff: TestStaff,
  fields: { caseId: string; venueId: string; from: number; to: number; basis?: 'visit' | 'other'; reason?: string; caseReference?: string },
): Promise<DataRequest> {
  return signDataRequest(staff.signingKey, staff.certificate, {
    requestId: newId(),
    caseReference: 'GA-2026-0815',
    basis: 'visit',
    reason: 'Index case stayed here.',
    createdAt: Date.now(),
    ...fields,
  });
}

/** A TAN the staff's office redeemed for `caseId`, as the redeem route leaves it (ciphertext a placeholder). */
export async function redeemedFor(staff: TestStaff, caseId: string): Promise<void> {
  const now = Date.now();
  await env.DB.prepare(
    'INSERT INTO transfers (id, tan_hash, office_id, office_key_id, ciphertext, created_at, expires_at, redeemed_at, case_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(newId(), toBase64Url(randomBytes(32)), staff.officeId, newId(), 'AAAA', now, now + DAY_MS, now, caseId)
    .run();
}
