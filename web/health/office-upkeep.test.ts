/**
 * What an admin's browser keeps current (trust model 18): it renews only certificates that are
 * due, of colleagues whose certificate verifies and who are not revoked, and signs a revocation
 * state that keeps every entry it had and adds every removed colleague, with the next serial. The
 * server (the API client here) lists the colleagues; a colleague it lists as active although the
 * office revoked them gets nothing.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError, fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import * as v from 'valibot';
import { EMPLOYEE_CERTIFICATE_DAYS, EmployeeCertificateSchema, issueEmployeeCertificate } from '../../protocol/data-request.ts';
import { exportPublicKey, generateKeyPair, importPrivateJwk, importPublicKey } from '../../protocol/keys.ts';
import { newId } from '../../protocol/ids.ts';
import { type ProvisionedOffice, createCertifiedOffice, createRootKey } from '../../protocol/provisioning.ts';
import {
  type RevocationState,
  RevocationStateSchema,
  issueRevocationState,
  signingKeyFingerprint,
  verifyRevocationState,
} from '../../protocol/revocation.ts';
import { DAY_MS } from '../../protocol/time.ts';
import type { UnlockedOffice } from './keyring.ts';
import type { Employee } from './office-api.ts';

const pinned = vi.hoisted(() => ({ key: new Uint8Array(65) }));
const sent = vi.hoisted(() => ({ calls: [] as { path: string; body: unknown }[], refuse: undefined as string | undefined }));

vi.mock('../../client/pinned-root.ts', () => ({
  get PINNED_ROOT_PUBLIC_KEY() {
    return pinned.key;
  },
}));
vi.mock('../../client/api.ts', async (original) => {
  const actual = await original<typeof import('../../client/api.ts')>();
  return {
    ...actual,
    call: (route: { path: string }, input: { body?: unknown }) => {
      sent.calls.push({ path: route.path, body: input.body });
      if (sent.refuse) return Promise.reject(new actual.ApiRequestError(409, 'stale_revocation', sent.refuse));
      return Promise.resolve({ renewed: 1, serial: 1 });
    },
  };
});

const { renewDueCertificates, renewRevocation } = await import('./office-upkeep.ts');
const { KeyringError } = await import('./keyring.ts');

const NOW = Date.parse('2026-11-30T08:00:00Z');
let office: ProvisionedOffice;
let identity: CryptoKey;

async function colleague(status: Employee['status'], notBefore: number, role: 'admin' | 'member' = 'member'): Promise<Employee> {
  const signing = await generateKeyPair('signing');
  const device = await generateKeyPair('encryption');
  const accountId = newId();
  const certificate = await issueEmployeeCertificate(identity, {
    officeId: office.certificate.officeId,
    employeeId: accountId,
    name: `Kollegin ${accountId.slice(0, 4)}`,
    signingKey: signing.publicKey,
    deviceKey: toBase64Url(await exportPublicKey(device.publicKey)),
    role,
    notBefore,
    notAfter: notBefore + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS,
  });
  return {
    accountId,
    displayName: certificate.name,
    role,
    status,
    deviceKey: certificate.deviceKey,
    signingKey: certificate.signingKey,
    certificate,
    createdAt: notBefore,
  };
}

async function unlocked(me: Employee, revocation?: RevocationState): Promise<UnlockedOffice> {
  const officeKey = await importPublicKeyOf(office.certificate.signingKey);
  const state = revocation ? await verifyRevocationState(officeKey, office.certificate.officeId, revocation, NOW, 0) : undefined;
  const device = await generateKeyPair('encryption');
  const signing = await generateKeyPair('signing');
  return {
    me: {
      account: { id: me.accountId, displayName: me.displayName, role: 'office' },
      staff: { officeId: office.certificate.officeId, role: 'admin', status: 'active', certificate: me.certificate },
      office: { certificate: office.certificate, certificateRequest: null, previousCertificates: [], rotationRequest: null },
    },
    device: {
      accountId: me.accountId,
      device,
      signing,
      devicePublic: await exportPublicKey(device.publicKey),
      signingPublic: await exportPublicKey(signing.publicKey),
    },
    identity: { privateKey: identity, jwk: office.signingPrivateJwk },
    daily: new Map(),
    keyedDays: new Set(),
    refused: [],
    revocation: { state, refused: undefined },
  };
}

function importPublicKeyOf(key: string): Promise<CryptoKey> {
  return importPublicKey(fromBase64Url(key), 'signing');
}

beforeAll(async () => {
  const root = await createRootKey();
  pinned.key = fromBase64Url(root.publicKey);
  office = await createCertifiedOffice(root, {
    name: 'Gesundheitsamt Test',
    postcodes: ['10115'],
    notBefore: NOW - 100 * DAY_MS,
    validDays: 365,
  });
  identity = await importPrivateJwk(office.signingPrivateJwk, 'signing');
});

beforeEach(() => {
  sent.calls = [];
  sent.refuse = undefined;
});

describe('an admin’s browser keeps certificates and the revocation state current', () => {
  it('renews exactly the certificates with fewer than 21 days left, for the same keys and role', async () => {
    const admin = await colleague('active', NOW - DAY_MS, 'admin');
    const due = await colleague('active', NOW - 10 * DAY_MS);
    const fresh = await colleague('active', NOW - 8 * DAY_MS);
    const current = await unlocked(admin);
    expect(await renewDueCertificates(current, [admin, due, fresh], NOW)).toBe(1);
    expect(sent.calls.map((entry) => entry.path)).toEqual(['/api/office/keys/certificates']);
    const body = v.parse(v.object({ certificates: v.array(EmployeeCertificateSchema) }), sent.calls[0]?.body);
    expect(body.certificates).toHaveLength(1);
    const [renewed] = body.certificates;
    expect({ ...renewed, notBefore: 0, notAfter: 0, signature: '' }).toEqual({
      ...due.certificate,
      notBefore: 0,
      notAfter: 0,
      signature: '',
    });
    expect(renewed?.notAfter).toBe(NOW + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS);
  });

  it('renews nothing while the server lists as active a colleague the office revoked', async () => {
    const admin = await colleague('active', NOW - DAY_MS, 'admin');
    const revived = await colleague('active', NOW - 10 * DAY_MS);
    const state = await issueRevocationState(identity, {
      officeId: office.certificate.officeId,
      serial: 4,
      issuedAt: NOW - 1000,
      revoked: [await signingKeyFingerprint(revived.signingKey)],
    });
    await expect(renewDueCertificates(await unlocked(admin, state), [admin, revived], NOW)).rejects.toBeInstanceOf(KeyringError);
    expect(sent.calls).toEqual([]);
    // The same colleague, not revoked, is renewed.
    expect(await renewDueCertificates(await unlocked(admin), [admin, revived], NOW)).toBe(1);
  });

  it('signs the next state, keeping what was revoked and adding every removed colleague; not when fresh and complete', async () => {
    const admin = await colleague('active', NOW - DAY_MS, 'admin');
    const earlier = await colleague('removed', NOW - 20 * DAY_MS);
    const removed = await colleague('removed', NOW - 5 * DAY_MS);
    const forgotten = await signingKeyFingerprint((await colleague('removed', NOW - 50 * DAY_MS)).signingKey);
    const served = await issueRevocationState(identity, {
      officeId: office.certificate.officeId,
      serial: 9,
      issuedAt: NOW - 1000,
      revoked: [forgotten, await signingKeyFingerprint(earlier.signingKey)],
    });
    const current = await unlocked(admin, served);
    // Fresh and naming every removed colleague the server lists: nothing to sign.
    expect(await renewRevocation(current, [admin, earlier], { nowMs: NOW })).toBe(0);
    expect(sent.calls).toEqual([]);
    // A colleague the server lists as removed is missing: the next serial, with every entry kept.
    expect(await renewRevocation(current, [admin, earlier, removed], { nowMs: NOW })).toBe(10);
    const { state } = v.parse(v.object({ state: RevocationStateSchema }), sent.calls[0]?.body);
    expect(state.serial).toBe(10);
    expect(state.revoked).toEqual(
      [forgotten, await signingKeyFingerprint(earlier.signingKey), await signingKeyFingerprint(removed.signingKey)].sort(),
    );
    expect(current.revocation.state?.serial).toBe(10);
    // A day later it is due again even with nothing new, and a removal forces it at once.
    expect(await renewRevocation(current, [admin, earlier, removed], { nowMs: NOW + DAY_MS + 1 })).toBe(11);
    expect(await renewRevocation(current, [admin, earlier, removed], { nowMs: NOW + DAY_MS + 2, force: true })).toBe(12);
    // Another admin stored that serial first: theirs counts.
    sent.refuse = 'a newer state is stored';
    expect(await renewRevocation(current, [admin], { nowMs: NOW + DAY_MS + 3, force: true })).toBe(0);
    expect(current.revocation.state?.serial).toBe(12);
    // The server served a state that did not verify (rolled back or forged): nothing is signed on the server's word.
    sent.refuse = undefined;
    sent.calls = [];
    const misled = await unlocked(admin);
    misled.revocation = { state: undefined, refused: new ProtocolError('rolled_back', 'older than seen') };
    expect(await renewRevocation(misled, [admin, removed], { nowMs: NOW, force: true })).toBe(0);
    expect(sent.calls).toEqual([]);
  });
});
