/**
 * What an admin's browser keeps current when it unlocks, like publishing daily keys (trust model
 * 18, PROTOCOL.md "Revocation"):
 *
 * - employee certificates live EMPLOYEE_CERTIFICATE_DAYS; one with fewer than RENEW_WHEN_DAYS_LEFT
 *   days left (or one from before short lifetimes) is renewed for the same keys and role, for
 *   every active colleague whose certificate verifies and who is not revoked;
 * - the office's revocation state is signed anew when there is none yet, when it is older than
 *   REVOCATION_RESIGN_AFTER_MS, when it lacks a removed colleague, and right after a removal: it
 *   lists every revocation it held before and every removed colleague, with the next serial.
 */
import { ApiRequestError, call } from '../../client/api.ts';
import { fromBase64Url } from '../../protocol/bytes.ts';
import type { EmployeeCertificate } from '../../protocol/data-request.ts';
import { MAX_RENEWALS, officeKeyRoutes } from '../../protocol/api/office-keys.ts';
import {
  REVOCATION_RESIGN_AFTER_MS,
  VerifiedRevocationState,
  certificateDue,
  issueRevocationState,
  signingKeyFingerprint,
  verifyRevocationState,
} from '../../protocol/revocation.ts';
import { verifyOfficeCertificate } from '../../protocol/hierarchy.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { revocationMemory } from '../../client/revocation-memory.ts';
import { type UnlockedOffice, certifiedColleagues, certify } from './keyring.ts';
import type { Employee } from './office-api.ts';

/**
 * Renews the certificates that are due, of every active colleague (this admin included). The
 * colleagues come from the server's list but are renewed only if their present certificate
 * verifies for exactly the listed device and is not revoked (certifiedColleagues, fail closed).
 * Returns how many were renewed.
 */
export async function renewDueCertificates(office: UnlockedOffice, employees: readonly Employee[], nowMs = Date.now()): Promise<number> {
  const identity = office.identity?.privateKey;
  if (!identity || !office.me.office.certificate) return 0;
  const due = (await certifiedColleagues(office, employees)).filter((certificate) => certificateDue(certificate, nowMs));
  const renewed: EmployeeCertificate[] = [];
  for (const certificate of due)
    renewed.push(
      await certify(
        identity,
        {
          accountId: certificate.employeeId,
          officeId: certificate.officeId,
          displayName: certificate.name,
          signingPublic: fromBase64Url(certificate.signingKey),
          devicePublic: fromBase64Url(certificate.deviceKey),
          role: certificate.role,
        },
        nowMs,
      ),
    );
  for (let start = 0; start < renewed.length; start += MAX_RENEWALS)
    await call(officeKeyRoutes.certificates, { body: { certificates: renewed.slice(start, start + MAX_RENEWALS) } });
  const own = renewed.find((certificate) => certificate.employeeId === office.me.account.id);
  if (own) office.me = { ...office.me, staff: { ...office.me.staff, certificate: own } };
  return renewed.length;
}

/** Whether the office's state must be signed anew: none verified, a day old, or missing a removed colleague. */
export async function revocationDue(office: UnlockedOffice, employees: readonly Employee[], nowMs: number): Promise<boolean> {
  const state = office.revocation.state;
  if (!state || nowMs - state.issuedAt > REVOCATION_RESIGN_AFTER_MS) return true;
  for (const employee of employees.filter((entry) => entry.status === 'removed'))
    if (!state.revoked.has(await signingKeyFingerprint(employee.signingKey))) return true;
  return false;
}

/**
 * Signs and stores the next revocation state if one is due (or `force`, after a removal).
 * Returns the new serial, or 0 if nothing was due. Nothing is ever dropped from the list: what the
 * verified state revoked stays revoked, and every colleague the server lists as removed is added
 * (the server can add to the list, never take from it).
 */
export async function renewRevocation(
  office: UnlockedOffice,
  employees: readonly Employee[],
  options: { force?: boolean; nowMs?: number } = {},
): Promise<number> {
  const nowMs = options.nowMs ?? Date.now();
  const identity = office.identity?.privateKey;
  const certificate = office.me.office.certificate;
  if (!identity || !certificate) return 0;
  // A served state that did not verify (forged, or older than this device saw) is said to the admin
  // (luca-health-app.ts) and nothing is signed on top of it: a new state would rest only on the
  // server's list of removed colleagues, and could leave out one the office had revoked.
  if (office.revocation.refused || office.revocation.awaitingRotation) return 0;
  if (!options.force && !(await revocationDue(office, employees, nowMs))) return 0;
  const officeId = certificate.officeId;
  const before = office.revocation.state;
  const removed = await Promise.all(
    employees.filter((entry) => entry.status === 'removed').map((entry) => signingKeyFingerprint(entry.signingKey)),
  );
  const serial = Math.max(before?.serial ?? 0, revocationMemory.highest(officeId)) + 1;
  const state = await issueRevocationState(identity, {
    officeId,
    serial,
    issuedAt: nowMs,
    revoked: [...(before?.revoked ?? []), ...removed],
  });
  try {
    await call(officeKeyRoutes.revocation, { body: { state } });
  } catch (error) {
    // Another admin's browser stored this serial a moment earlier: theirs counts, ours is dropped.
    if (error instanceof ApiRequestError && error.code === 'stale_revocation') return 0;
    throw error;
  }
  const verifiedOffice = await verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, certificate, certificate.notBefore);
  const verified: VerifiedRevocationState = await verifyRevocationState(verifiedOffice.signingKey, officeId, state, nowMs, 0);
  revocationMemory.remember(officeId, serial);
  office.revocation = { state: verified, refused: undefined };
  return serial;
}
