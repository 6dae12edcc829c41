/**
 * Identity key rotation on the Worker (trust model 26, protocol/office-rotation.ts), end to end as
 * the admin's browser and the operator's CLI do it, and against the removed admin who kept the old
 * identity key and works with the server: after the rotation, what the old key signs (a new
 * employee's certificate, a coming day's key record, a revocation state) is refused by the Worker
 * and by the devices' own checks, and an older certificate served to a device that saw the new
 * one is refused as a rollback. Every refusal of the new routes is a 4xx and stores nothing.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, fromBase64Url, toBase64Url } from '../../../protocol/bytes.ts';
import { EMPLOYEE_CERTIFICATE_DAYS, type EmployeeCertificate, issueEmployeeCertificate } from '../../../protocol/data-request.ts';
import {
  type DailyKey,
  DailyKeySchema,
  type OfficeCertificate,
  issueDailyKey,
  resignDailyKey,
  verifiedKeyForDay,
  verifyOfficeCertificate,
} from '../../../protocol/hierarchy.ts';
import { newId } from '../../../protocol/ids.ts';
import { privateKeyMatching } from '../../../protocol/key-possession.ts';
import { exportPrivateJwk, exportPublicKey, generateKeyPair, importPrivateJwk, importPublicKey } from '../../../protocol/keys.ts';
import { IDENTITY_KEY_ID, openKeyGrant, sealKeyGrant } from '../../../protocol/office-keyring.ts';
import {
  NEXT_IDENTITY_KEY_ID,
  type RotationRequest,
  RotationRequestSchema,
  checkCertificatePin,
  signRotationRequest,
} from '../../../protocol/office-rotation.ts';
import { issueRevocationState, signingKeyFingerprint, verifyEmployeeActive, verifyRevocationState } from '../../../protocol/revocation.ts';
import { DAY_MS, MINUTE_MS, addDays, dayOf } from '../../../protocol/time.ts';
import { officeStaffRoutes } from '../../../protocol/api/office-staff.ts';
import { officeKeyRoutes } from '../../../protocol/api/office-keys.ts';
import { directoryRoutes } from '../../../protocol/api/directory.ts';
import { rotationCertification } from '../../../scripts/office-rotation-certify.ts';
import { ApiErrorSchema } from '../../../protocol/errors.ts';
import { expectRefusal, freshClient } from '../../test/fuzz.ts';
import { request } from '../../test/http.ts';
import { type TestStaff, staffOf } from '../../test/office.ts';
import { type World, createWorld } from '../../test/world.ts';

let world: World;
let admin: TestStaff;
let removedAdmin: TestStaff;
let member: TestStaff;
let otherAdmin: TestStaff;

function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
  return request(method, path, { cookie, body, client: freshClient() });
}

/** The error code of a refusal, read through the one error envelope. */
async function codeOf(response: Response): Promise<string> {
  return v.parse(ApiErrorSchema, await response.json()).error.code;
}

const officeId = () => world.office.certificate.officeId;
const oldKey = () => importPrivateJwk(world.office.signingPrivateJwk, 'signing');

async function sealedTo(staff: TestStaff, jwk: JsonWebKey, keyId: string): Promise<string> {
  return sealKeyGrant(await exportPublicKey(staff.deviceKey.publicKey), { officeId: officeId(), accountId: staff.accountId, keyId }, jwk);
}

async function rotationRequest(current: CryptoKey, nextKey: string, changes: Partial<RotationRequest> = {}): Promise<RotationRequest> {
  return signRotationRequest(current, {
    officeId: officeId(),
    currentKey: world.office.certificate.signingKey,
    nextKey,
    requestedAt: Date.now(),
    ...changes,
  });
}

async function count(sql: string, ...bindings: string[]): Promise<number> {
  return (
    (
      await env.DB.prepare(sql)
        .bind(...bindings)
        .first<{ n: number }>()
    )?.n ?? 0
  );
}

const pendingRotations = () => count('SELECT count(*) AS n FROM office_rotations');
const nextGrants = () => count('SELECT count(*) AS n FROM office_key_grants WHERE key_id = ?', NEXT_IDENTITY_KEY_ID);

async function storedRecord(day: string, superseded = 0): Promise<DailyKey> {
  const row = await env.DB.prepare('SELECT record FROM office_daily_keys WHERE office_id = ? AND day = ? AND superseded = ?')
    .bind(officeId(), day, superseded)
    .first<{ record: string }>();
  return v.parse(DailyKeySchema, JSON.parse(row?.record ?? 'null'));
}

async function renewalOf(staff: TestStaff, key: CryptoKey): Promise<EmployeeCertificate> {
  const now = Date.now();
  const { v: _v, signature: _signature, ...fields } = staff.certificate;
  return issueEmployeeCertificate(key, {
    ...fields,
    signingKey: await importPublicKey(fromBase64Url(fields.signingKey), 'signing'),
    notBefore: now - MINUTE_MS,
    notAfter: now - MINUTE_MS + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS,
  });
}

beforeAll(async () => {
  world = await createWorld();
  admin = await staffOf(world.office, { role: 'admin', name: 'Dr. Anna Weber' });
  removedAdmin = await staffOf(world.office, { role: 'admin', name: 'Bernd Roth' });
  member = await staffOf(world.office, { role: 'member', name: 'Clara Yilmaz' });
  otherAdmin = await staffOf(world.otherOffice, { role: 'admin' });
  // The admin is removed; the admin's browser signs the revocation state naming them (old key).
  expect((await call('DELETE', `/api/office/employees/${removedAdmin.accountId}`, admin.cookie)).status).toBe(200);
  const state = await issueRevocationState(await oldKey(), {
    officeId: officeId(),
    serial: 1,
    issuedAt: Date.now(),
    revoked: [await signingKeyFingerprint(removedAdmin.certificate.signingKey)],
  });
  expect((await call('POST', '/api/office/keys/revocation', admin.cookie, { state })).status).toBe(201);
});

describe('rotation request', () => {
  it('is refused when not signed by the certified identity key, for another office, dated off, or sealed to the wrong people; nothing is stored', async () => {
    const next = await generateKeyPair('signing', true);
    const nextKey = toBase64Url(await exportPublicKey(next.publicKey));
    const jwk = await exportPrivateJwk(next.privateKey);
    const grants = [{ accountId: admin.accountId, sealed: await sealedTo(admin, jwk, IDENTITY_KEY_ID) }];
    const removedKey = await generateKeyPair('signing');
    const cases: [string, unknown, string, string | undefined][] = [
      // The removed admin signs with a key of their own: not the certified one.
      [
        'foreign signer',
        { request: await rotationRequest(removedKey.privateKey, nextKey), grants, records: [] },
        'bad_rotation_request',
        admin.cookie,
      ],
      [
        'names another current key',
        { request: await rotationRequest(await oldKey(), nextKey, { currentKey: nextKey }), grants, records: [] },
        'bad_rotation_request',
        admin.cookie,
      ],
      [
        'the same key again',
        { request: await rotationRequest(await oldKey(), world.office.certificate.signingKey), grants, records: [] },
        'bad_rotation_request',
        admin.cookie,
      ],
      [
        'another office',
        {
          request: await rotationRequest(await oldKey(), nextKey, { officeId: world.otherOffice.certificate.officeId }),
          grants,
          records: [],
        },
        'bad_rotation_request',
        admin.cookie,
      ],
      [
        'dated an hour back',
        { request: await rotationRequest(await oldKey(), nextKey, { requestedAt: Date.now() - 60 * MINUTE_MS }), grants, records: [] },
        'bad_rotation_request',
        admin.cookie,
      ],
      [
        'another office’s admin',
        { request: await rotationRequest(await oldKey(), nextKey), grants, records: [] },
        'bad_rotation_request',
        otherAdmin.cookie,
      ],
      [
        'sealed to a member too',
        {
          request: await rotationRequest(await oldKey(), nextKey),
          grants: [...grants, { accountId: member.accountId, sealed: await sealedTo(member, jwk, IDENTITY_KEY_ID) }],
          records: [],
        },
        'grants_incomplete',
        admin.cookie,
      ],
      [
        'sealed to the removed admin',
        {
          request: await rotationRequest(await oldKey(), nextKey),
          grants: [...grants, { accountId: removedAdmin.accountId, sealed: await sealedTo(removedAdmin, jwk, IDENTITY_KEY_ID) }],
          records: [],
        },
        'grants_incomplete',
        admin.cookie,
      ],
      [
        'twice to one admin',
        { request: await rotationRequest(await oldKey(), nextKey), grants: [...grants, ...grants], records: [] },
        'duplicate_grant',
        admin.cookie,
      ],
      [
        // A coming day's key, which the removed admin holds, cannot be carried over: it is replaced.
        'carries a coming day’s key',
        {
          request: await rotationRequest(await oldKey(), nextKey),
          grants,
          records: [await resignDailyKey(next.privateKey, await storedRecord(addDays(dayOf(Date.now()), 5)))],
        },
        'unknown_key',
        admin.cookie,
      ],
      [
        'carries a record the new key did not sign',
        { request: await rotationRequest(await oldKey(), nextKey), grants, records: [await storedRecord(dayOf(Date.now()))] },
        'bad_daily_key',
        admin.cookie,
      ],
    ];
    for (const [name, body, code, cookie] of cases) {
      const response = await call('POST', '/api/office/keys/rotation-request', cookie, body);
      expect(await codeOf(response.clone()), name).toBe(code);
      await expectRefusal(response, name);
    }
    // A member may not file one at all.
    expect(
      (
        await call('POST', '/api/office/keys/rotation-request', member.cookie, {
          request: await rotationRequest(await oldKey(), nextKey),
          grants,
          records: [],
        })
      ).status,
    ).toBe(403);
    expect(await pendingRotations()).toBe(0);
    expect(await nextGrants()).toBe(0);
  });

  it('fuzz: any other body is a 4xx and stores nothing', async () => {
    const next = await generateKeyPair('signing', true);
    const valid = {
      request: await rotationRequest(await oldKey(), toBase64Url(await exportPublicKey(next.publicKey))),
      grants: [{ accountId: admin.accountId, sealed: await sealedTo(admin, await exportPrivateJwk(next.privateKey), IDENTITY_KEY_ID) }],
      records: [],
    };
    const mutated = fc.oneof(
      fc.jsonValue(),
      fc.record({ request: fc.jsonValue(), grants: fc.constant(valid.grants), records: fc.constant(valid.records) }),
      fc.record({ request: fc.constant(valid.request), grants: fc.jsonValue(), records: fc.constant(valid.records) }),
      fc.record({
        request: fc.constant(valid.request),
        grants: fc.constant(valid.grants),
        records: fc.jsonValue().filter((value) => JSON.stringify(value) !== '[]'),
      }),
      fc
        .tuple(fc.constantFrom(...Object.keys(valid.request)), fc.jsonValue())
        .filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(valid.request[field as keyof RotationRequest]))
        .map(([field, value]) => ({ request: { ...valid.request, [field]: value }, grants: valid.grants, records: valid.records })),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (body) => {
        await expectRefusal(
          await call('POST', '/api/office/keys/rotation-request', admin.cookie, body),
          JSON.stringify(body).slice(0, 200),
        );
      }),
      { numRuns: 60 },
    );
    expect(await pendingRotations()).toBe(0);
    expect(await nextGrants()).toBe(0);
  });
});

describe('rotation, end to end', () => {
  let next: CryptoKeyPair;
  let nextJwk: JsonWebKey;
  let rotated: OfficeCertificate;
  const today = () => dayOf(Date.now());

  beforeAll(async () => {
    next = await generateKeyPair('signing', true);
    nextJwk = await exportPrivateJwk(next.privateKey);
  });

  it('files the request: the new key waits sealed to the remaining admin, not in the keyring, and /me says so', async () => {
    const nextKey = toBase64Url(await exportPublicKey(next.publicKey));
    const body = {
      request: await rotationRequest(await oldKey(), nextKey),
      grants: [{ accountId: admin.accountId, sealed: await sealedTo(admin, nextJwk, IDENTITY_KEY_ID) }],
      // Today's and yesterday's records signed by the new key: put in place by the certification.
      records: await Promise.all(
        [addDays(today(), -1), today()].map(async (day) => resignDailyKey(next.privateKey, await storedRecord(day))),
      ),
    };
    const response = await call('POST', '/api/office/keys/rotation-request', admin.cookie, body);
    expect(response.status).toBe(201);
    expect(await pendingRotations()).toBe(1);
    const me = v.parse(officeStaffRoutes.me.response, await (await call('GET', '/api/office/me', admin.cookie)).json());
    expect(me.office.rotationRequest?.nextKey).toBe(nextKey);
    expect(me.office.certificate?.signingKey).toBe(world.office.certificate.signingKey);
    const keyring = v.parse(officeKeyRoutes.keyring.response, await (await call('GET', '/api/office/keys/keyring', admin.cookie)).json());
    expect(keyring.grants.some((grant) => grant.keyId !== IDENTITY_KEY_ID && grant.day === null)).toBe(false);
  });

  it('the operator certifies it: same office, later notBefore, the old certificate kept as previous, identity grants swapped', async () => {
    const row = await env.DB.prepare('SELECT request, records FROM office_rotations WHERE office_id = ?')
      .bind(officeId())
      .first<{ request: string; records: string }>();
    const yesterdayBefore = await storedRecord(addDays(today(), -1));
    const { certificate, statements } = await rotationCertification({
      current: world.office.certificate,
      previous: [],
      request: v.parse(RotationRequestSchema, JSON.parse(row?.request ?? 'null')),
      records: v.parse(v.array(DailyKeySchema), JSON.parse(row?.records ?? 'null')),
      rootPrivate: await importPrivateJwk(world.root.privateJwk, 'signing'),
      nowMs: Date.now(),
      validDays: 365,
    });
    await env.DB.batch(statements.map((statement) => env.DB.prepare(statement)));
    rotated = certificate;
    expect(rotated.officeId).toBe(officeId());
    // Yesterday's and today's keys stay, their records now signed by the new key: guests seal to today's key at once.
    expect((await storedRecord(addDays(today(), -1))).keyId).toBe(yesterdayBefore.keyId);
    const served = v.parse(directoryRoutes.office.response, await (await call('GET', `/api/offices/${officeId()}`, undefined)).json());
    expect((await verifiedKeyForDay(world.rootPublic, served, officeId(), today(), Date.now())).keyId).toBe(
      (await storedRecord(today())).keyId,
    );
    await expect(verifiedKeyForDay(world.rootPublic, served, officeId(), addDays(today(), 1), Date.now())).rejects.toThrow(ProtocolError);
    expect(rotated.notBefore).toBeGreaterThan(world.office.certificate.notBefore);
    await verifyOfficeCertificate(world.rootPublic, rotated, Date.now());
    expect(await pendingRotations()).toBe(0);
    expect(await nextGrants()).toBe(0);
    const me = v.parse(officeStaffRoutes.me.response, await (await call('GET', '/api/office/me', admin.cookie)).json());
    expect(me.office.certificate).toEqual(rotated);
    expect(me.office.previousCertificates).toEqual([world.office.certificate]);
    expect(me.office.rotationRequest).toBeNull();
    // The admin's identity grant now opens to the new key, which the new certificate names.
    const keyring = v.parse(officeKeyRoutes.keyring.response, await (await call('GET', '/api/office/keys/keyring', admin.cookie)).json());
    const grant = keyring.grants.find((entry) => entry.keyId === IDENTITY_KEY_ID);
    const jwk = await openKeyGrant(
      admin.deviceKey.privateKey,
      await exportPublicKey(admin.deviceKey.publicKey),
      { officeId: officeId(), accountId: admin.accountId, keyId: IDENTITY_KEY_ID },
      grant?.sealed ?? '',
    );
    expect(await privateKeyMatching(jwk, 'signing', fromBase64Url(rotated.signingKey))).toBeDefined();
    // The revocation state from the old key no longer verifies under the office's certificate.
    await expect(
      verifyRevocationState(
        await importPublicKey(fromBase64Url(rotated.signingKey), 'signing'),
        officeId(),
        keyring.revocation ?? { v: 1, officeId: officeId(), serial: 1, issuedAt: 0, revoked: [], signature: '' },
        Date.now(),
        0,
      ),
    ).rejects.toThrow(ProtocolError);
  });

  it('the admin’s browser completes it: state, certificates, records of days begun, new keys for coming days', async () => {
    // The revocation state, now under the new key; the old key's is refused.
    const revoked = [await signingKeyFingerprint(removedAdmin.certificate.signingKey)];
    const state = await issueRevocationState(next.privateKey, { officeId: officeId(), serial: 2, issuedAt: Date.now(), revoked });
    expect((await call('POST', '/api/office/keys/revocation', admin.cookie, { state })).status).toBe(201);
    const oldState = await issueRevocationState(await oldKey(), { officeId: officeId(), serial: 3, issuedAt: Date.now(), revoked });
    const refusedState = await call('POST', '/api/office/keys/revocation', admin.cookie, { state: oldState });
    expect(await codeOf(refusedState)).toBe('bad_revocation');
    // Every active colleague certified anew by the new key; the old key's renewal is refused.
    expect(
      (await call('POST', '/api/office/keys/certificates', admin.cookie, { certificates: [await renewalOf(member, await oldKey())] }))
        .status,
    ).toBe(422);
    const renewed = [await renewalOf(admin, next.privateKey), await renewalOf(member, next.privateKey)];
    expect((await call('POST', '/api/office/keys/certificates', admin.cookie, { certificates: renewed })).status).toBe(200);
    // Today's record signed anew: same key (check-ins of today were sealed to it), new signature.
    const todays = await storedRecord(today());
    const resigned = await resignDailyKey(next.privateKey, todays);
    const answer = await call('POST', '/api/office/keys/daily-key-signatures', admin.cookie, { records: [resigned] });
    expect(answer.status).toBe(200);
    expect(await storedRecord(today())).toEqual(resigned);
    // Today's key is not replaced: what was sealed to it today must still open.
    const todayPair = await generateKeyPair('encryption', true);
    const todayRecord = await issueDailyKey(next.privateKey, officeId(), today(), todayPair.publicKey);
    const grantsFor = async (record: DailyKey, jwk: JsonWebKey) =>
      Promise.all([admin, member].map(async (staff) => ({ accountId: staff.accountId, sealed: await sealedTo(staff, jwk, record.keyId) })));
    const replaceToday = await call('POST', '/api/office/keys/daily-keys', admin.cookie, {
      keys: [{ record: todayRecord, grants: await grantsFor(todayRecord, await exportPrivateJwk(todayPair.privateKey)) }],
    });
    expect(await codeOf(replaceToday)).toBe('day_has_key');
  });

  it('a coming day gets a new key; the old one stays for the office, superseded, and leaves the directory', async () => {
    const day = addDays(today(), 2);
    const before = await storedRecord(day);
    const pair = await generateKeyPair('encryption', true);
    const jwk = await exportPrivateJwk(pair.privateKey);
    const record = await issueDailyKey(next.privateKey, officeId(), day, pair.publicKey);
    const grants = await Promise.all(
      [admin, member].map(async (staff) => ({ accountId: staff.accountId, sealed: await sealedTo(staff, jwk, record.keyId) })),
    );
    expect((await call('POST', '/api/office/keys/daily-keys', admin.cookie, { keys: [{ record, grants }] })).status).toBe(201);
    expect(await storedRecord(day)).toEqual(record);
    expect((await storedRecord(day, 1)).keyId).toBe(before.keyId);
    // The superseded record is signed anew, so the office's browsers verify it and open bookings sealed to it.
    const resigned = await resignDailyKey(next.privateKey, before);
    expect((await call('POST', '/api/office/keys/daily-key-signatures', admin.cookie, { records: [resigned] })).status).toBe(200);
    // Guests and venues see only the new key, and verify it under the new certificate.
    const served = v.parse(directoryRoutes.office.response, await (await call('GET', `/api/offices/${officeId()}`, undefined)).json());
    expect(served.certificate).toEqual(rotated);
    expect(served.dailyKeys.filter((key) => key.day === day).map((key) => key.keyId)).toEqual([record.keyId]);
    expect((await verifiedKeyForDay(world.rootPublic, served, officeId(), day, Date.now())).keyId).toBe(record.keyId);
  });

  it('a coming day’s key from before the rotation is never signed anew (a removed admin holds it): it is replaced', async () => {
    const day = addDays(today(), 5);
    const resigned = await resignDailyKey(next.privateKey, await storedRecord(day));
    const response = await call('POST', '/api/office/keys/daily-key-signatures', admin.cookie, { records: [resigned] });
    expect(await codeOf(response)).toBe('unknown_key');
    expect(await storedRecord(day)).not.toEqual(resigned);
  });

  describe('the removed admin with the old identity key, and the server', () => {
    it('cannot publish a coming day’s key signed by the old key; devices refuse such a record', async () => {
      const day = addDays(today(), 6);
      const pair = await generateKeyPair('encryption', true);
      const forged = await issueDailyKey(await oldKey(), officeId(), day, pair.publicKey);
      const jwk = await exportPrivateJwk(pair.privateKey);
      const grants = await Promise.all(
        [admin, member].map(async (staff) => ({ accountId: staff.accountId, sealed: await sealedTo(staff, jwk, forged.keyId) })),
      );
      const response = await call('POST', '/api/office/keys/daily-keys', admin.cookie, { keys: [{ record: forged, grants }] });
      expect(await codeOf(response)).toBe('bad_daily_key');
      // A server listing it anyway: a guest or venue holding the new certificate refuses it.
      await expect(
        verifiedKeyForDay(world.rootPublic, { certificate: rotated, dailyKeys: [forged] }, officeId(), day, Date.now()),
      ).rejects.toThrow(ProtocolError);
    });

    it('cannot certify a new employee whose signature venues and guests accept', async () => {
      const served = v.parse(directoryRoutes.office.response, await (await call('GET', `/api/offices/${officeId()}`, undefined)).json());
      const office = await verifyOfficeCertificate(world.rootPublic, served.certificate, Date.now());
      const state = await verifyRevocationState(office.signingKey, officeId(), served.revocation ?? oldStateless(), Date.now(), 0);
      const accomplice = await generateKeyPair('signing');
      const forged = await issueEmployeeCertificate(await oldKey(), {
        officeId: officeId(),
        employeeId: newId(),
        name: 'Mallory',
        signingKey: accomplice.publicKey,
        deviceKey: removedAdmin.certificate.deviceKey,
        role: 'admin',
        notBefore: Date.now() - MINUTE_MS,
        notAfter: Date.now() + 20 * DAY_MS,
      });
      await expect(verifyEmployeeActive(state, forged, Date.now())).rejects.toMatchObject({ code: 'bad_signature' });
      // The colleague the new key certified passes the same check.
      const renewed = await renewalOf(member, next.privateKey);
      await expect(verifyEmployeeActive(state, renewed, Date.now())).resolves.toBeUndefined();
    });

    it('cannot roll a device that saw the new certificate back to the old one with an old-key state', () => {
      const pinned = { notBefore: rotated.notBefore, signingKey: rotated.signingKey };
      let refusal: unknown;
      try {
        checkCertificatePin(pinned, world.office.certificate);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toMatchObject({ code: 'certificate_rolled_back' });
      expect(() => checkCertificatePin(pinned, rotated)).not.toThrow();
    });
  });
});

/** Never used: the directory serves the state the admin's browser stored above. */
function oldStateless(): never {
  throw new Error('the directory served no revocation state');
}
