/**
 * Rotating the office identity key in an admin's browser (trust model 26, PROTOCOL.md "Identity
 * key rotation", protocol/office-rotation.ts):
 *
 * - requestRotation, after an admin is removed or on "Schlüssel erneuern": a new identity key pair,
 *   a request signed by the present identity key naming its public half, and the private half
 *   sealed to every certified active admin (not to the removed one, whose grants are gone); the
 *   operator certifies it under the root.
 * - completeRotation, at the first unlock after the certification: everything the old key signed
 *   that must go on counting is signed anew by the new one, checked first under the previous
 *   certificate (verified up to the pinned root): the revocation state, every active colleague's
 *   certificate, and the records of days already begun; every coming day gets a new key (the old
 *   one stays, superseded, so that bookings sealed to it before still open).
 */
import { call } from '../../client/api.ts';
import { PINNED_ROOT_PUBLIC_KEY } from '../../client/pinned-root.ts';
import { revocationMemory } from '../../client/revocation-memory.ts';
import { MAX_RENEWALS, MAX_RESIGNED_RECORDS, officeKeyRoutes } from '../../protocol/api/office-keys.ts';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { type EmployeeCertificate, verifyEmployeeCertificate } from '../../protocol/data-request.ts';
import {
  type DailyKey,
  type OfficeCertificate,
  type VerifiedOffice,
  fingerprint,
  resignDailyKey,
  verifyDailyKey,
  verifyOfficeCertificate,
} from '../../protocol/hierarchy.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair } from '../../protocol/keys.ts';
import { IDENTITY_KEY_ID, sealKeyGrant } from '../../protocol/office-keyring.ts';
import { precedes, signRotationRequest } from '../../protocol/office-rotation.ts';
import { issueRevocationState, signingKeyFingerprint, verifyRevocationState } from '../../protocol/revocation.ts';
import { dayOf } from '../../protocol/time.ts';
import { KeyringError, type UnlockedOffice, certifiedColleagues, certify, publishMissingDailyKeys } from './keyring.ts';
import { type Employee, officeApi } from './office-api.ts';

/**
 * Files a new identity key for the operator to certify; returns its fingerprint, which the admin
 * reads out to the operator (who compares it with `npm run office:certify -- pending`).
 */
export async function requestRotation(office: UnlockedOffice, employees: readonly Employee[], nowMs = Date.now()): Promise<string> {
  const identity = office.identity;
  const certificate = office.me.office.certificate;
  if (!identity) throw new KeyringError('not_keyholder');
  if (!certificate) throw new KeyringError('not_certified');
  // Sealed only to admins whose certificate this office issued for exactly their listed device.
  const admins = (await certifiedColleagues(office, employees)).filter((colleague) => colleague.role === 'admin');
  const next = await generateKeyPair('signing', true);
  const jwk = await exportPrivateJwk(next.privateKey);
  const nextKey = toBase64Url(await exportPublicKey(next.publicKey));
  const officeId = certificate.officeId;
  const request = await signRotationRequest(identity.privateKey, {
    officeId,
    currentKey: certificate.signingKey,
    nextKey,
    requestedAt: nowMs,
  });
  const grants = await Promise.all(
    admins.map(async (admin) => ({
      accountId: admin.employeeId,
      // Sealed as the identity key it becomes: the certification turns this grant into the `identity` one.
      sealed: await sealKeyGrant(fromBase64Url(admin.deviceKey), { officeId, accountId: admin.employeeId, keyId: IDENTITY_KEY_ID }, jwk),
    })),
  );
  // The records of days begun (verified at unlock), signed by the new key at once: the certification
  // puts them in place, so guests go on sealing to today's key from the moment it is certified.
  // Not tomorrow's: the removed admin holds it, so it is replaced (a day that begins before the
  // certification is signed anew by the completion instead).
  const today = dayOf(nowMs);
  const begun = [...office.daily.values()]
    .map((entry) => entry.key)
    .filter((record) => record.day <= today)
    .sort((a, b) => a.day.localeCompare(b.day));
  const records = await Promise.all(begun.slice(-MAX_RESIGNED_RECORDS).map((record) => resignDailyKey(next.privateKey, record)));
  await call(officeKeyRoutes.rotationRequest, { body: { request, grants, records } });
  return fingerprint(fromBase64Url(nextKey));
}

/**
 * Every certificate the present one replaced that verifies up to the pinned root and is this
 * office's and earlier: what colleagues removed before a rotation were certified under (audit view).
 */
export async function previousOffices(
  certificate: OfficeCertificate,
  previousCertificates: readonly OfficeCertificate[],
): Promise<VerifiedOffice[]> {
  const verified = await Promise.all(
    previousCertificates
      .filter((previous) => precedes(previous, certificate))
      .map((previous) => verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, previous, previous.notBefore).catch(() => undefined)),
  );
  return verified.filter((office): office is VerifiedOffice => office !== undefined);
}

/** The certificate the present one replaced, verified up to the pinned root, if it is this office's and earlier. */
export async function previousOffice(
  certificate: OfficeCertificate,
  previousCertificates: readonly OfficeCertificate[],
): Promise<VerifiedOffice | undefined> {
  const previous = previousCertificates.at(-1);
  if (!previous || !precedes(previous, certificate)) return undefined;
  // As of its own first moment, like the keyring: what it signed while in force still verifies.
  return verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, previous, previous.notBefore).catch(() => undefined);
}

const signedBy = (office: VerifiedOffice, record: DailyKey) =>
  verifyDailyKey(office, record, record.day).then(
    () => true,
    () => false,
  );

/**
 * Signs anew, with the new identity key, what the old one signed and must go on counting. Returns
 * whether anything was done (the app then unlocks again: the keys of days begun now verify). Fails
 * closed like the upkeep it replaces: a served revocation state that verifies under neither key, or
 * an active colleague whose certificate verifies under neither, stops it before anything is signed.
 */
export async function completeRotation(office: UnlockedOffice, nowMs = Date.now()): Promise<boolean> {
  const identity = office.identity?.privateKey;
  const certificate = office.me.office.certificate;
  if (!identity || !certificate) return false;
  const previous = await previousOffice(certificate, office.me.office.previousCertificates);
  if (!previous) return false;
  const current = await verifyOfficeCertificate(PINNED_ROOT_PUBLIC_KEY, certificate, certificate.notBefore);
  const officeId = certificate.officeId;
  const [{ employees }, keyring] = await Promise.all([officeApi.employees(), officeApi.keyring()]);
  let done = false;

  // 1. The revocation state: the old key's, verified, is the base; nothing it revoked is dropped.
  if (!office.revocation.state && keyring.revocation) {
    const base = await verifyRevocationState(previous.signingKey, officeId, keyring.revocation, nowMs, revocationMemory.highest(officeId));
    const removed = await Promise.all(
      employees.filter((entry) => entry.status === 'removed').map((entry) => signingKeyFingerprint(entry.signingKey)),
    );
    const serial = Math.max(base.serial, revocationMemory.highest(officeId)) + 1;
    const state = await issueRevocationState(identity, { officeId, serial, issuedAt: nowMs, revoked: [...base.revoked, ...removed] });
    await call(officeKeyRoutes.revocation, { body: { state } });
    const verified = await verifyRevocationState(current.signingKey, officeId, state, nowMs, 0);
    revocationMemory.remember(officeId, serial);
    office.revocation = { state: verified, refused: undefined };
    done = true;
  }
  const revoked = office.revocation.state?.revoked;
  if (!revoked) return done;

  // 2. Every active colleague's certificate from the old key, for exactly the listed device, not revoked.
  const reissued: EmployeeCertificate[] = [];
  for (const employee of employees.filter((entry) => entry.status === 'active')) {
    const cert = employee.certificate;
    if (!cert || cert.officeId !== officeId || cert.employeeId !== employee.accountId || cert.deviceKey !== employee.deviceKey)
      throw new KeyringError('colleague_uncertified', employee.displayName);
    if (await verifyEmployeeCertificate(current.signingKey, cert)) continue;
    // From the old key: certified anew only if not revoked (a server listing a removed admin as active gets nothing).
    if (!(await verifyEmployeeCertificate(previous.signingKey, cert)) || revoked.has(await signingKeyFingerprint(cert.signingKey)))
      throw new KeyringError('colleague_uncertified', employee.displayName);
    reissued.push(
      await certify(
        identity,
        {
          accountId: cert.employeeId,
          officeId,
          displayName: cert.name,
          signingPublic: fromBase64Url(cert.signingKey),
          devicePublic: fromBase64Url(cert.deviceKey),
          role: cert.role,
        },
        nowMs,
      ),
    );
  }
  for (let start = 0; start < reissued.length; start += MAX_RENEWALS)
    await call(officeKeyRoutes.certificates, { body: { certificates: reissued.slice(start, start + MAX_RENEWALS) } });
  const own = reissued.find((cert) => cert.employeeId === office.me.account.id);
  if (own) office.me = { ...office.me, staff: { ...office.me.staff, certificate: own } };
  done ||= reissued.length > 0;

  // 3. Records of days begun: signed anew (their keys stay: what was sealed to them must open).
  const today = dayOf(nowMs);
  const begun = await oldRecords(keyring.dailyKeys, current, previous, (record) => record.day <= today);
  await resign(begun, identity);
  for (const record of begun) office.keyedDays.add(record.day);

  // 4. Coming days: a new key each (publishMissingDailyKeys replaces a day whose record the new key did not sign) …
  const published = await publishMissingDailyKeys(office, nowMs);

  // 5. … and the replaced keys' records signed anew, so the office still opens bookings sealed to them.
  const after = (await officeApi.keyring()).dailyKeys;
  const currentDays = new Set<string>();
  for (const record of after) if (await signedBy(current, record)) currentDays.add(record.day);
  const replaced = await oldRecords(after, current, previous, (record) => record.day > today && currentDays.has(record.day));
  await resign(replaced, identity);
  return done || begun.length > 0 || published > 0 || replaced.length > 0;
}

/** The records the previous key signed and the present one did not, that `wanted` picks. */
async function oldRecords(
  records: readonly DailyKey[],
  current: VerifiedOffice,
  previous: VerifiedOffice,
  wanted: (record: DailyKey) => boolean,
): Promise<DailyKey[]> {
  const found: DailyKey[] = [];
  for (const record of records)
    if (wanted(record) && !(await signedBy(current, record)) && (await signedBy(previous, record))) found.push(record);
  return found;
}

async function resign(records: readonly DailyKey[], identity: CryptoKey): Promise<void> {
  const signed = await Promise.all(records.map((record) => resignDailyKey(identity, record)));
  for (let start = 0; start < signed.length; start += MAX_RESIGNED_RECORDS)
    await call(officeKeyRoutes.dailyKeySignatures, { body: { records: signed.slice(start, start + MAX_RESIGNED_RECORDS) } });
}
