/**
 * Rotating the identity key in an admin's browser (trust model 26): the request seals the new key
 * only to the office's certified admins; after the certification the browser signs anew, under the
 * new key, only what verifies under the previous certificate (the revocation state, active and
 * not revoked colleagues' certificates, records of days begun) and makes new keys for coming days.
 * A server listing a removed admin as active again gets nothing signed at all. The server here is
 * the API client, answering from its own lists.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import {
  EMPLOYEE_CERTIFICATE_DAYS,
  EmployeeCertificateSchema,
  issueEmployeeCertificate,
  verifyEmployeeCertificate,
} from '../../protocol/data-request.ts';
import {
  type DailyKey,
  DailyKeySchema,
  type OfficeCertificate,
  verifyDailyKey,
  verifyOfficeCertificate,
} from '../../protocol/hierarchy.ts';
import { newId } from '../../protocol/ids.ts';
import { exportPublicKey, generateKeyPair, importPrivateJwk, importPublicKey } from '../../protocol/keys.ts';
import { IDENTITY_KEY_ID, openKeyGrant } from '../../protocol/office-keyring.ts';
import { RotationRequestSchema, verifyRotationRequest } from '../../protocol/office-rotation.ts';
import { type ProvisionedOffice, createCertifiedOffice, createDailyKeys, createRootKey } from '../../protocol/provisioning.ts';
import {
  type RevocationState,
  RevocationStateSchema,
  issueRevocationState,
  signingKeyFingerprint,
  verifyRevocationState,
} from '../../protocol/revocation.ts';
import { DAY_MS, addDays, dayOf } from '../../protocol/time.ts';
import type { UnlockedOffice } from './keyring.ts';
import type { Employee } from './office-api.ts';

const pinned = vi.hoisted(() => ({ key: new Uint8Array(65) }));
const server = vi.hoisted(() => ({
  calls: [] as { path: string; body: unknown }[],
  employees: [] as Employee[],
  records: [] as DailyKey[],
  revocation: undefined as RevocationState | undefined,
}));

vi.mock('../../client/pinned-root.ts', () => ({
  get PINNED_ROOT_PUBLIC_KEY() {
    return pinned.key;
  },
}));
vi.mock('../../client/api.ts', async (original) => {
  const actual = await original<typeof import('../../client/api.ts')>();
  const { array, object, parse } = await import('valibot');
  const { EmployeeCertificateSchema } = await import('../../protocol/data-request.ts');
  return {
    ...actual,
    call: (route: { path: string }, input: { body?: unknown }) => {
      server.calls.push({ path: route.path, body: input.body });
      const answers: Record<string, () => unknown> = {
        '/api/office/employees': () => ({ employees: server.employees }),
        '/api/office/keys/keyring': () => ({ grants: [], dailyKeys: server.records, revocation: server.revocation ?? null }),
        '/api/office/keys/rotation-request': () => ({ requested: true }),
        '/api/office/keys/revocation': () => ({ serial: 1 }),
        '/api/office/keys/certificates': () => {
          // Stored as the employees' certificates, as the Worker does.
          const { certificates } = parse(object({ certificates: array(EmployeeCertificateSchema) }), input.body);
          server.employees = server.employees.map((employee) => ({
            ...employee,
            certificate: certificates.find((cert) => cert.employeeId === employee.accountId) ?? employee.certificate,
          }));
          return { renewed: certificates.length };
        },
        '/api/office/keys/daily-key-signatures': () => ({ resigned: 1 }),
        '/api/office/keys/daily-keys': () => ({ stored: 1 }),
      };
      return Promise.resolve(answers[route.path]?.());
    },
  };
});

const { requestRotation, completeRotation } = await import('./office-rotation.ts');
const { verifyServedRevocation } = await import('./revocation-state.ts');
const { renewRevocation } = await import('./office-upkeep.ts');
const { KeyringError } = await import('./keyring.ts');

const NOW = Date.now();
let office: ProvisionedOffice;
let rotated: ProvisionedOffice;
let oldIdentity: CryptoKey;

interface Colleague {
  employee: Employee;
  device: CryptoKeyPair;
}

async function colleague(status: Employee['status'], role: 'admin' | 'member', signer = oldIdentity): Promise<Colleague> {
  const signing = await generateKeyPair('signing');
  const device = await generateKeyPair('encryption');
  const accountId = newId();
  const certificate = await issueEmployeeCertificate(signer, {
    officeId: office.certificate.officeId,
    employeeId: accountId,
    name: `Kollegin ${accountId.slice(0, 4)}`,
    signingKey: signing.publicKey,
    deviceKey: toBase64Url(await exportPublicKey(device.publicKey)),
    role,
    notBefore: NOW - DAY_MS,
    notAfter: NOW - DAY_MS + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS,
  });
  const employee: Employee = {
    accountId,
    displayName: certificate.name,
    role,
    status,
    deviceKey: certificate.deviceKey,
    signingKey: certificate.signingKey,
    certificate,
    createdAt: NOW - DAY_MS,
  };
  return { employee, device };
}

async function unlocked(
  me: Colleague,
  certificate: OfficeCertificate,
  identity: ProvisionedOffice,
  previous: OfficeCertificate[],
): Promise<UnlockedOffice> {
  const signing = await generateKeyPair('signing');
  return {
    me: {
      account: { id: me.employee.accountId, displayName: me.employee.displayName, role: 'office' },
      staff: { officeId: certificate.officeId, role: 'admin', status: 'active', certificate: me.employee.certificate },
      office: { certificate, certificateRequest: null, previousCertificates: previous, rotationRequest: null },
    },
    device: {
      accountId: me.employee.accountId,
      device: me.device,
      signing,
      devicePublic: await exportPublicKey(me.device.publicKey),
      signingPublic: await exportPublicKey(signing.publicKey),
    },
    identity: { privateKey: await importPrivateJwk(identity.signingPrivateJwk, 'signing'), jwk: identity.signingPrivateJwk },
    daily: new Map(),
    keyedDays: new Set(),
    refused: [],
    revocation: { state: undefined, refused: undefined },
  };
}

const bodiesTo = (path: string) => server.calls.filter((entry) => entry.path === path).map((entry) => entry.body);

beforeAll(async () => {
  const root = await createRootKey();
  pinned.key = fromBase64Url(root.publicKey);
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Test',
    postcodes: ['10115'],
    notBefore: NOW - 100 * DAY_MS,
    validDays: 365,
  });
  rotated = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Test',
    postcodes: ['10115'],
    notBefore: NOW - DAY_MS,
    validDays: 365,
    officeId: office.certificate.officeId,
  });
  oldIdentity = await importPrivateJwk(office.signingPrivateJwk, 'signing');
});

beforeEach(() => {
  server.calls = [];
});

describe('requesting a rotation', () => {
  it('signs the request with the present key and seals the new key to the certified admins only', async () => {
    const admin = await colleague('active', 'admin');
    const otherAdmin = await colleague('active', 'admin');
    const member = await colleague('active', 'member');
    const removed = await colleague('removed', 'admin');
    const current = await unlocked(admin, office.certificate, office, []);
    // The keys this browser unlocked: yesterday's, today's and one of a coming day.
    for (const entry of await createDailyKeys(office, addDays(dayOf(NOW), -1), 5))
      current.daily.set(entry.key.keyId, {
        key: entry.key,
        privateKey: await importPrivateJwk(entry.privateJwk, 'encryption'),
        publicKey: fromBase64Url(entry.key.publicKey),
        jwk: entry.privateJwk,
      });
    await requestRotation(
      current,
      [admin, otherAdmin, member, removed].map((entry) => entry.employee),
      NOW,
    );
    const body = v.parse(
      v.object({
        request: RotationRequestSchema,
        grants: v.array(v.object({ accountId: v.string(), sealed: v.string() })),
        records: v.array(DailyKeySchema),
      }),
      bodiesTo('/api/office/keys/rotation-request')[0],
    );
    await verifyRotationRequest(office.certificate, body.request);
    // Yesterday's and today's records carried, signed by the new key; never a coming day's (the removed admin holds it).
    const nextOffice = {
      ...(await verifyOfficeCertificate(pinned.key, office.certificate, NOW)),
      signingKey: await importPublicKey(fromBase64Url(body.request.nextKey), 'signing'),
    };
    expect(body.records.map((record) => record.day)).toEqual([-1, 0].map((offset) => addDays(dayOf(NOW), offset)));
    for (const record of body.records) await verifyDailyKey(nextOffice, record, record.day);
    expect(body.grants.map((grant) => grant.accountId).sort()).toEqual([admin.employee.accountId, otherAdmin.employee.accountId].sort());
    // The other admin's device opens it as the identity grant it becomes: the new key.
    const grant = body.grants.find((entry) => entry.accountId === otherAdmin.employee.accountId);
    const jwk = await openKeyGrant(
      otherAdmin.device.privateKey,
      await exportPublicKey(otherAdmin.device.publicKey),
      { officeId: office.certificate.officeId, accountId: otherAdmin.employee.accountId, keyId: IDENTITY_KEY_ID },
      grant?.sealed ?? '',
    );
    expect(jwk.x).toBeDefined();
  });
});

describe('completing a rotation', () => {
  let admin: Colleague;
  let member: Colleague;
  let removed: Colleague;
  let oldState: RevocationState;
  let oldRecords: DailyKey[];

  let serial = 0;

  beforeEach(async () => {
    // Each test above the last one's serials: this page's revocation memory keeps the highest it saw.
    serial += 100;
    admin = await colleague('active', 'admin');
    member = await colleague('active', 'member');
    removed = await colleague('removed', 'admin');
    oldState = await issueRevocationState(oldIdentity, {
      officeId: office.certificate.officeId,
      serial,
      issuedAt: NOW - DAY_MS,
      revoked: [await signingKeyFingerprint(removed.employee.signingKey)],
    });
    oldRecords = (await createDailyKeys(office, addDays(dayOf(NOW), -2), 5)).map((entry) => entry.key);
    server.records = oldRecords;
    server.revocation = oldState;
  });

  it('signs anew, under the new key, the state, the colleagues’ certificates and the records of days begun; coming days get new keys', async () => {
    server.employees = [admin, member, removed].map((entry) => entry.employee);
    const current = await unlocked(admin, rotated.certificate, rotated, [office.certificate]);
    expect(await completeRotation(current, NOW)).toBe(true);
    const newOffice = await verifyOfficeCertificate(pinned.key, rotated.certificate, NOW);
    const state = v.parse(v.object({ state: RevocationStateSchema }), bodiesTo('/api/office/keys/revocation')[0]).state;
    expect(state.serial).toBe(oldState.serial + 1);
    expect(state.revoked).toEqual(oldState.revoked);
    await verifyRevocationState(newOffice.signingKey, office.certificate.officeId, state, NOW, 0);
    const certificates = v.parse(
      v.object({ certificates: v.array(EmployeeCertificateSchema) }),
      bodiesTo('/api/office/keys/certificates')[0],
    ).certificates;
    expect(certificates.map((cert) => cert.employeeId).sort()).toEqual([admin.employee.accountId, member.employee.accountId].sort());
    for (const cert of certificates) expect(await verifyEmployeeCertificate(newOffice.signingKey, cert)).toBe(true);
    const resigned = bodiesTo('/api/office/keys/daily-key-signatures').flatMap(
      (body) => v.parse(v.object({ records: v.array(DailyKeySchema) }), body).records,
    );
    // Yesterday and today (and the day before): same keys, new signatures; never a coming day's key.
    expect(resigned.map((record) => record.day)).toEqual(
      oldRecords.filter((record) => record.day <= dayOf(NOW)).map((record) => record.day),
    );
    for (const record of resigned) {
      expect(record.publicKey).toBe(oldRecords.find((old) => old.day === record.day)?.publicKey);
      await verifyDailyKey(newOffice, record, record.day);
    }
    const published = bodiesTo('/api/office/keys/daily-keys').flatMap(
      (body) => v.parse(v.object({ keys: v.array(v.object({ record: DailyKeySchema })) }), body).keys,
    );
    expect(published[0]?.record.day).toBe(addDays(dayOf(NOW), 1));
    expect(published.some((key) => oldRecords.some((old) => old.keyId === key.record.keyId))).toBe(false);
  });

  it('signs nothing while the server lists the removed admin as active again', async () => {
    server.employees = [admin.employee, member.employee, { ...removed.employee, status: 'active' }];
    const current = await unlocked(admin, rotated.certificate, rotated, [office.certificate]);
    await expect(completeRotation(current, NOW)).rejects.toBeInstanceOf(KeyringError);
    expect(bodiesTo('/api/office/keys/certificates')).toEqual([]);
    expect(bodiesTo('/api/office/keys/daily-key-signatures')).toEqual([]);
    expect(bodiesTo('/api/office/keys/daily-keys')).toEqual([]);
  });

  it('signs nothing on top of a state the old key did not sign, nor for a previous certificate of another office', async () => {
    server.employees = [admin, member, removed].map((entry) => entry.employee);
    const stranger = await generateKeyPair('signing');
    server.revocation = await issueRevocationState(stranger.privateKey, { ...oldState, revoked: [] });
    const current = await unlocked(admin, rotated.certificate, rotated, [office.certificate]);
    await expect(completeRotation(current, NOW)).rejects.toThrow();
    const foreign = await createCertifiedOffice(await createRootKey(), {
      name: 'X',
      postcodes: [],
      notBefore: NOW - 200 * DAY_MS,
      validDays: 365,
    });
    expect(await completeRotation(await unlocked(admin, rotated.certificate, rotated, [foreign.certificate]), NOW)).toBe(false);
    expect(server.calls.filter((entry) => entry.path !== '/api/office/employees' && entry.path !== '/api/office/keys/keyring')).toEqual([]);
  });

  it('before the completion, a colleague’s browser takes the old key’s state as awaiting the rotation, a forged one as refused', async () => {
    const waiting = await verifyServedRevocation(rotated.certificate, oldState, NOW, [office.certificate]);
    expect(waiting).toEqual({ state: undefined, refused: undefined, awaitingRotation: true });
    // Nothing is signed on top of it by the ordinary upkeep (only the completion, which verified it, builds on it).
    server.employees = [admin, member, removed].map((entry) => entry.employee);
    const current = await unlocked(admin, rotated.certificate, rotated, [office.certificate]);
    current.revocation = waiting;
    expect(await renewRevocation(current, server.employees, { nowMs: NOW })).toBe(0);
    const stranger = await generateKeyPair('signing');
    const forged = await issueRevocationState(stranger.privateKey, { ...oldState, serial: oldState.serial + 1, revoked: [] });
    expect((await verifyServedRevocation(rotated.certificate, forged, NOW, [office.certificate])).refused?.code).toBe('bad_signature');
  });
});
