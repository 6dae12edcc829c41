/**
 * The office's revocation state and short-lived certificates (trust model 18), against the
 * dishonest server and the removed insider: a removed employee's certificate refused while it is
 * still within its lifetime, a state the server altered, moved to another office, rolled back or
 * let go stale refused, no state at all refused (fail closed), a certificate the old identity key
 * issued after a rotation refused, one living longer than the office may certify refused.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, fromBase64Url } from './bytes.ts';
import { EMPLOYEE_CERTIFICATE_DAYS, type EmployeeCertificate, issueEmployeeCertificate } from './data-request.ts';
import { verifyOfficeCertificate } from './hierarchy.ts';
import { newId } from './ids.ts';
import { generateKeyPair, importPrivateJwk } from './keys.ts';
import {
  type ProvisionedEmployee,
  type ProvisionedOffice,
  type RootKey,
  certifyEmployee,
  createCertifiedOffice,
  createRootKey,
} from './provisioning.ts';
import {
  REVOCATION_MAX_AGE_MS,
  type RevocationState,
  RevocationStateSchema,
  certificateDue,
  issueRevocationState,
  signingKeyFingerprint,
  verifyEmployeeActive,
  verifyRevocationState,
} from './revocation.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time.ts';
import * as v from 'valibot';

const now = Date.parse('2026-11-30T08:00:00Z');
let root: RootKey;
let office: ProvisionedOffice;
/** The same office after its identity key was rotated: a new certificate under the root, same office id. */
let rotated: ProvisionedOffice;
let officeKey: CryptoKey;
let rotatedKey: CryptoKey;
let other: ProvisionedOffice;
let active: ProvisionedEmployee;
let removed: ProvisionedEmployee;
let state: RevocationState;

const identity = (of: ProvisionedOffice) => importPrivateJwk(of.signingPrivateJwk, 'signing');
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return error instanceof ProtocolError ? error.code : String(error);
  }
};

beforeAll(async () => {
  root = await createRootKey();
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt A',
    postcodes: ['10115'],
    notBefore: now - 100 * DAY_MS,
    validDays: 365,
  });
  rotated = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt A',
    postcodes: ['10115'],
    notBefore: now - DAY_MS,
    validDays: 365,
    officeId: office.certificate.officeId,
  });
  other = await createCertifiedOffice(root, { name: 'Gesundheitsamt B', postcodes: ['20095'], notBefore: now - DAY_MS, validDays: 365 });
  officeKey = (await verifyOfficeCertificate(fromBase64Url(root.publicKey), office.certificate, now)).signingKey;
  rotatedKey = (await verifyOfficeCertificate(fromBase64Url(root.publicKey), rotated.certificate, now)).signingKey;
  active = await certifyEmployee(office, { name: 'Aktiv', notBefore: now - 5 * DAY_MS, validDays: EMPLOYEE_CERTIFICATE_DAYS });
  removed = await certifyEmployee(office, { name: 'Entfernt', notBefore: now - 5 * DAY_MS, validDays: EMPLOYEE_CERTIFICATE_DAYS });
  state = await issueRevocationState(await identity(office), {
    officeId: office.certificate.officeId,
    serial: 7,
    issuedAt: now - HOUR_MS,
    revoked: [await signingKeyFingerprint(removed.certificate.signingKey)],
  });
});

const verified = (served: RevocationState = state, seen = 0, key = officeKey, at = now) =>
  verifyRevocationState(key, office.certificate.officeId, served, at, seen);

describe('revocation state', () => {
  it('verifies under the office identity key and refuses a removed employee still within their certificate', async () => {
    expect(v.is(RevocationStateSchema, state)).toBe(true);
    const checked = await verified();
    expect(checked.serial).toBe(7);
    await expect(verifyEmployeeActive(checked, active.certificate, now)).resolves.toBeUndefined();
    expect(removed.certificate.notAfter).toBeGreaterThan(now);
    expect(await codeOf(verifyEmployeeActive(checked, removed.certificate, now))).toBe('revoked');
  });

  it('refuses every signature when no state is available, or the state is more than a week old (fail closed)', async () => {
    expect(await codeOf(verifyEmployeeActive(undefined, active.certificate, now))).toBe('stale_revocation');
    const checked = await verified();
    const edge = state.issuedAt + REVOCATION_MAX_AGE_MS;
    expect(await codeOf(verifyEmployeeActive(checked, active.certificate, edge, now))).toBe('accepted');
    expect(await codeOf(verifyEmployeeActive(checked, active.certificate, edge + 1, now))).toBe('stale_revocation');
  });

  it('refuses a state the server rolled back below the highest serial the device has seen', async () => {
    expect(await codeOf(verified(state, 8))).toBe('rolled_back');
    expect(await codeOf(verified(state, 7))).toBe('accepted');
  });

  it('refuses a state the server altered, re-signed with another key, or moved to another office', async () => {
    const stranger = await generateKeyPair('signing');
    const forged = await issueRevocationState(stranger.privateKey, { ...state, revoked: [] });
    expect(await codeOf(verified(forged))).toBe('bad_signature');
    // Dropping the removed employee, raising the serial or re-dating it breaks the office's signature.
    expect(await codeOf(verified({ ...state, revoked: [] }))).toBe('bad_signature');
    expect(await codeOf(verified({ ...state, serial: state.serial + 1 }))).toBe('bad_signature');
    expect(await codeOf(verified({ ...state, issuedAt: now }))).toBe('bad_signature');
    expect(await codeOf(verifyRevocationState(officeKey, newId(), state, now, 0))).toBe('wrong_office');
    const elsewhere = await certifyEmployee(other, { name: 'Anderes Amt', notBefore: now - DAY_MS, validDays: 10 });
    expect(await codeOf(verifyEmployeeActive(await verified(), elsewhere.certificate, now))).toBe('wrong_office');
    const future = await issueRevocationState(await identity(office), { ...state, issuedAt: now + 10 * MINUTE_MS });
    expect(await codeOf(verified(future))).toBe('bad_payload');
  });

  it('has one encoding: an unsorted or repeated list is refused even with a valid signature over it', async () => {
    const a = await signingKeyFingerprint(active.certificate.signingKey);
    const b = await signingKeyFingerprint(removed.certificate.signingKey);
    const sorted = await issueRevocationState(await identity(office), { ...state, revoked: [b, a, b] });
    expect(sorted.revoked).toEqual([a, b].sort());
    expect(await codeOf(verified(sorted))).toBe('accepted');
    expect(await codeOf(verified({ ...sorted, revoked: [...sorted.revoked].reverse() }))).toBe('bad_payload');
    expect(await codeOf(verified({ ...sorted, revoked: [a, a] }))).toBe('bad_payload');
  });

  it('refuses any changed field (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          serial: fc.integer({ min: 1, max: 2 ** 40 }),
          issuedAt: fc.integer({ min: 0, max: now }),
        }),
        async (change) => {
          fc.pre(change.serial !== state.serial || change.issuedAt !== state.issuedAt);
          expect(await codeOf(verified({ ...state, ...change }))).toBe('bad_signature');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('after a rotation, refuses a certificate the old identity key issued, and a state it signed', async () => {
    const afterRotation = await issueRevocationState(await identity(rotated), {
      officeId: rotated.certificate.officeId,
      serial: 8,
      issuedAt: now - MINUTE_MS,
      revoked: state.revoked,
    });
    const checked = await verified(afterRotation, 7, rotatedKey);
    // The removed admin kept the old identity key and certifies a fresh key with it.
    const insider = await certifyEmployee(office, { name: 'Neu', notBefore: now - MINUTE_MS, validDays: 10 });
    expect(await codeOf(verifyEmployeeActive(checked, insider.certificate, now))).toBe('bad_signature');
    expect(await codeOf(verifyEmployeeActive(checked, active.certificate, now))).toBe('bad_signature');
    const reissued = await certifyEmployee(rotated, { name: 'Aktiv', notBefore: now - MINUTE_MS, validDays: EMPLOYEE_CERTIFICATE_DAYS });
    expect(await codeOf(verifyEmployeeActive(checked, reissued.certificate, now))).toBe('accepted');
    // A state the old key signs with a higher serial does not verify under the new certificate's key.
    const oldKeyState = await issueRevocationState(await identity(office), { ...afterRotation, serial: 99, revoked: [] });
    expect(await codeOf(verified(oldKeyState, 8, rotatedKey))).toBe('bad_signature');
  });

  it('accepts a certificate only within its short lifetime, at the time of the signed act', async () => {
    const checked = await verified();
    const cert = active.certificate;
    expect(await codeOf(verifyEmployeeActive(checked, cert, now, cert.notAfter))).toBe('accepted');
    expect(await codeOf(verifyEmployeeActive(checked, cert, now, cert.notAfter + 1))).toBe('expired');
    expect(await codeOf(verifyEmployeeActive(checked, cert, now, cert.notBefore - 1))).toBe('not_yet_valid');
    const pair = await generateKeyPair('signing');
    const yearLong: EmployeeCertificate = await issueEmployeeCertificate(await identity(office), {
      ...cert,
      signingKey: pair.publicKey,
      notAfter: cert.notBefore + 365 * DAY_MS,
    });
    expect(await codeOf(verifyEmployeeActive(checked, yearLong, now))).toBe('expired');
  });

  it('asks for renewal three weeks before the end, and at once for a certificate from before short lifetimes', () => {
    const cert = active.certificate;
    expect(certificateDue(cert, cert.notAfter - 22 * DAY_MS)).toBe(false);
    expect(certificateDue(cert, cert.notAfter - 20 * DAY_MS)).toBe(true);
    expect(certificateDue({ ...cert, notAfter: cert.notBefore + 365 * DAY_MS }, cert.notBefore)).toBe(true);
  });
});
