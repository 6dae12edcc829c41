/**
 * The office's revocation state and certificate renewals on the Worker (trust model 18,
 * protocol/revocation.ts): only an admin of the office stores them; a state must verify under the
 * office's certified identity key, be dated now, name every removed employee and outnumber the
 * stored serial; a renewal must certify exactly an active employee's own keys and role, short-lived,
 * under the office's key. Every refusal is a 4xx and stores nothing. The stored state is served
 * with the office directory, the keyring and the venue's inbox.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EMPLOYEE_CERTIFICATE_DAYS,
  type EmployeeCertificate,
  EmployeeCertificateSchema,
  issueEmployeeCertificate,
} from '../../../protocol/data-request.ts';
import { generateKeyPair, importPrivateJwk, importPublicKey } from '../../../protocol/keys.ts';
import { type RevocationState, RevocationStateSchema, issueRevocationState, signingKeyFingerprint } from '../../../protocol/revocation.ts';
import * as v from 'valibot';
import { fromBase64Url } from '../../../protocol/bytes.ts';
import { DAY_MS, MINUTE_MS } from '../../../protocol/time.ts';
import { expectRefusal, freshClient } from '../../test/fuzz.ts';
import { request } from '../../test/http.ts';
import { type TestStaff, staffOf } from '../../test/office.ts';
import { type World, createWorld } from '../../test/world.ts';

let world: World;
let admin: TestStaff;
let member: TestStaff;
let otherAdmin: TestStaff;

function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
  return request(method, path, { cookie, body, client: freshClient() });
}

const officeKey = () => importPrivateJwk(world.office.signingPrivateJwk, 'signing');

function stateOf(fields: { serial: number; issuedAt?: number; revoked?: string[] }, key?: CryptoKey): Promise<RevocationState> {
  return (async () =>
    issueRevocationState(key ?? (await officeKey()), {
      officeId: world.office.certificate.officeId,
      serial: fields.serial,
      issuedAt: fields.issuedAt ?? Date.now(),
      revoked: fields.revoked ?? [],
    }))();
}

async function storedState(officeId = world.office.certificate.officeId): Promise<RevocationState | null> {
  const row = await env.DB.prepare('SELECT state FROM office_revocation_states WHERE office_id = ?')
    .bind(officeId)
    .first<{ state: string }>();
  return row ? v.parse(RevocationStateSchema, JSON.parse(row.state)) : null;
}

async function storedCertificate(accountId: string): Promise<string | null> {
  return (
    (
      await env.DB.prepare('SELECT certificate FROM office_employees WHERE account_id = ?')
        .bind(accountId)
        .first<{ certificate: string | null }>()
    )?.certificate ?? null
  );
}

/** A renewal of `staff`'s certificate, as an admin's browser makes it, with any changes. */
async function renewalOf(staff: TestStaff, changes: Partial<EmployeeCertificate> = {}, key?: CryptoKey): Promise<EmployeeCertificate> {
  const now = Date.now();
  const {
    v: _v,
    signature: _signature,
    ...fields
  } = { ...staff.certificate, notBefore: now - MINUTE_MS, notAfter: now - MINUTE_MS + EMPLOYEE_CERTIFICATE_DAYS * DAY_MS, ...changes };
  return issueEmployeeCertificate(key ?? (await officeKey()), {
    ...fields,
    signingKey: await importPublicKey(fromBase64Url(fields.signingKey), 'signing'),
  });
}

/** Any JSON value but `kept`: a near miss must miss. */
const differentFrom = (kept: unknown) => fc.jsonValue().filter((value) => JSON.stringify(value) !== JSON.stringify(kept));

beforeAll(async () => {
  world = await createWorld();
  admin = await staffOf(world.office, { role: 'admin' });
  member = await staffOf(world.office, { role: 'member' });
  otherAdmin = await staffOf(world.otherOffice, { role: 'admin' });
});

describe('revocation state', () => {
  it('is stored from an admin of the office only, and served with the directory and the keyring', async () => {
    const first = await stateOf({ serial: 1 });
    expect(await (await call('POST', '/api/office/keys/revocation', undefined, { state: first })).json()).toMatchObject({
      error: { code: 'not_signed_in' },
    });
    expect(await (await call('POST', '/api/office/keys/revocation', member.cookie, { state: first })).json()).toMatchObject({
      error: { code: 'not_admin' },
    });
    // Another office's admin cannot store this office's state, nor is it stored under theirs.
    expect(await (await call('POST', '/api/office/keys/revocation', otherAdmin.cookie, { state: first })).json()).toMatchObject({
      error: { code: 'bad_revocation' },
    });
    expect(await storedState()).toBeNull();
    expect(await storedState(world.otherOffice.certificate.officeId)).toBeNull();

    const stored = await call('POST', '/api/office/keys/revocation', admin.cookie, { state: first });
    expect(stored.status).toBe(201);
    expect(await stored.json()).toEqual({ serial: 1 });
    expect(await storedState()).toEqual(first);
    const entry = await (await call('GET', `/api/offices/${world.office.certificate.officeId}`, undefined)).json<{ revocation: unknown }>();
    expect(entry.revocation).toEqual(first);
    const list = await (
      await call('GET', '/api/offices', undefined)
    ).json<{ offices: { certificate: { officeId: string }; revocation: unknown }[] }>();
    expect(list.offices.find((office) => office.certificate.officeId === world.office.certificate.officeId)?.revocation).toEqual(first);
    expect(list.offices.find((office) => office.certificate.officeId === world.otherOffice.certificate.officeId)?.revocation).toBeNull();
    const keyring = await (await call('GET', '/api/office/keys/keyring', member.cookie)).json<{ revocation: unknown }>();
    expect(keyring.revocation).toEqual(first);
  });

  it('refuses a state not signed by the office, not dated now, or not above the stored serial, and keeps the stored one', async () => {
    const before = await storedState();
    const stranger = await generateKeyPair('signing');
    const refusals: [RevocationState, string][] = [
      [await stateOf({ serial: 50 }, stranger.privateKey), 'bad_revocation'],
      [await stateOf({ serial: 50 }, await importPrivateJwk(world.otherOffice.signingPrivateJwk, 'signing')), 'bad_revocation'],
      [{ ...(await stateOf({ serial: 50 })), serial: 51 }, 'bad_revocation'],
      [await stateOf({ serial: 50, issuedAt: Date.now() - 20 * MINUTE_MS }), 'bad_revocation'],
      [await stateOf({ serial: 50, issuedAt: Date.now() + 20 * MINUTE_MS }), 'bad_revocation'],
      // The server's own rollback path: an admin (or a replay) sending the stored serial or a lower one.
      [await stateOf({ serial: 1 }), 'stale_revocation'],
    ];
    for (const [state, code] of refusals) {
      const response = await call('POST', '/api/office/keys/revocation', admin.cookie, { state });
      expect(await response.json(), code).toMatchObject({ error: { code } });
      expect(await storedState()).toEqual(before);
    }
    const next = await stateOf({ serial: 2 });
    expect((await call('POST', '/api/office/keys/revocation', admin.cookie, { state: next })).status).toBe(201);
    expect(await storedState()).toEqual(next);
  });

  it('must name every removed employee', async () => {
    const leaving = await staffOf(world.office, { role: 'admin', name: 'Ehemalige Admin' });
    expect((await call('DELETE', `/api/office/employees/${leaving.accountId}`, admin.cookie)).status).toBe(200);
    const before = await storedState();
    const forgetful = await stateOf({ serial: 3 });
    expect(await (await call('POST', '/api/office/keys/revocation', admin.cookie, { state: forgetful })).json()).toMatchObject({
      error: { code: 'revocation_incomplete' },
    });
    expect(await storedState()).toEqual(before);
    const complete = await stateOf({ serial: 3, revoked: [await signingKeyFingerprint(leaving.certificate.signingKey)] });
    expect((await call('POST', '/api/office/keys/revocation', admin.cookie, { state: complete })).status).toBe(201);
    expect(await storedState()).toEqual(complete);
  });
});

describe('certificate renewal', () => {
  it('stores a short-lived renewal of an active employee’s own keys and role, from an admin of the office', async () => {
    const renewed = await renewalOf(member);
    expect(await (await call('POST', '/api/office/keys/certificates', member.cookie, { certificates: [renewed] })).json()).toMatchObject({
      error: { code: 'not_admin' },
    });
    const response = await call('POST', '/api/office/keys/certificates', admin.cookie, { certificates: [renewed, await renewalOf(admin)] });
    expect(await response.json()).toEqual({ renewed: 2 });
    expect(v.parse(EmployeeCertificateSchema, JSON.parse((await storedCertificate(member.accountId)) ?? 'null'))).toEqual(renewed);
  });

  it('refuses anything but a renewal, and changes no certificate', async () => {
    const other = await generateKeyPair('signing');
    const pending = await staffOf(world.office, { status: 'pending' });
    const removed = await staffOf(world.office);
    expect((await call('DELETE', `/api/office/employees/${removed.accountId}`, admin.cookie)).status).toBe(200);
    const before = await storedCertificate(member.accountId);
    const cases: [unknown, string][] = [
      [[await renewalOf(member, { role: 'admin' })], 'bad_certificate'],
      [[await renewalOf(member, { signingKey: admin.certificate.signingKey })], 'bad_certificate'],
      [[await renewalOf(member, { deviceKey: admin.certificate.deviceKey })], 'bad_certificate'],
      [[await renewalOf(member, { notAfter: Date.now() + 365 * DAY_MS })], 'bad_certificate'],
      [[await renewalOf(member, { notBefore: Date.now() - 40 * DAY_MS, notAfter: Date.now() - 11 * DAY_MS })], 'bad_certificate'],
      [[await renewalOf(member, {}, other.privateKey)], 'bad_certificate'],
      [[await renewalOf(member, {}, await importPrivateJwk(world.otherOffice.signingPrivateJwk, 'signing'))], 'bad_certificate'],
      [[{ ...(await renewalOf(member)), name: 'Umbenannt' }], 'bad_certificate'],
      [[await renewalOf(member), await renewalOf(pending)], 'unknown_employee'],
      [[await renewalOf(member), await renewalOf(removed)], 'unknown_employee'],
      [[await renewalOf(otherAdmin)], 'unknown_employee'],
      [[await renewalOf(member), await renewalOf(member)], 'duplicate_employee'],
    ];
    for (const [certificates, code] of cases) {
      const response = await call('POST', '/api/office/keys/certificates', admin.cookie, { certificates });
      expect(await response.json(), code).toMatchObject({ error: { code } });
      expect(await storedCertificate(member.accountId)).toBe(before);
    }
    expect(await storedCertificate(removed.accountId)).toBe(JSON.stringify(removed.certificate));
  });

  it('answers arbitrary bodies with a 4xx and stores nothing', async () => {
    const snapshot = async () =>
      Promise.all([
        env.DB.prepare('SELECT serial, state FROM office_revocation_states ORDER BY office_id').all(),
        env.DB.prepare('SELECT account_id, certificate FROM office_employees ORDER BY account_id').all(),
      ]).then(([states, employees]) => JSON.stringify([states.results, employees.results]));
    // Budgets behind a session count per account (120 writes a minute): the fuzzing admins take turns.
    const admins = [admin, ...(await Promise.all([1, 2].map(() => staffOf(world.office, { role: 'admin' }))))];
    let turn = 0;
    const before = await snapshot();
    const valid = await stateOf({ serial: 1000 });
    const renewal = await renewalOf(member);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/office/keys/revocation', '/api/office/keys/certificates'),
        fc.oneof(
          fc.jsonValue(),
          // Near misses: the right shape with one member replaced by anything.
          fc.record({ state: fc.record({ ...Object.fromEntries(Object.keys(valid).map((key) => [key, fc.jsonValue()])) }) }),
          fc
            .constantFrom(...Object.entries(valid))
            .chain(([key, kept]) => differentFrom(kept).map((value) => ({ state: { ...valid, [key]: value } }))),
          fc
            .constantFrom(...Object.entries(renewal))
            .chain(([key, kept]) => differentFrom(kept).map((value) => ({ certificates: [{ ...renewal, [key]: value }] }))),
        ),
        async (path, body) => {
          const caller = admins[turn++ % admins.length] ?? admin;
          const response = await call('POST', path, caller.cookie, JSON.stringify(body));
          await expectRefusal(response, `${path} ${JSON.stringify(body)}`);
        },
      ),
      { numRuns: 120 },
    );
    expect(await snapshot()).toBe(before);
  }, 30_000);
});
