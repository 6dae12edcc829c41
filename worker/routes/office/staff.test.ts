import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../../protocol/bytes.ts';
import { issueEmployeeCertificate } from '../../../protocol/data-request.ts';
import { issueDailyKey } from '../../../protocol/hierarchy.ts';
import { newId } from '../../../protocol/ids.ts';
import { exportPrivateJwk, generateKeyPair, importPrivateJwk, importPublicKey } from '../../../protocol/keys.ts';
import { IDENTITY_KEY_ID, officeCodeHash, sealKeyGrant } from '../../../protocol/office-keyring.ts';
import { DAY_MS, PUBLISH_AHEAD_DAYS, RETENTION_DAYS, addDays, dayOf } from '../../../protocol/time.ts';
import { purgeExpired } from '../../retention.ts';
import { expectRefusal, freshClient } from '../../test/fuzz.ts';
import { request } from '../../test/http.ts';
import { type TestStaff, staffOf } from '../../test/office.ts';
import { type World, createWorld } from '../../test/world.ts';

let world: World;
let admin: TestStaff;
let member: TestStaff;

function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
  return request(method, path, { cookie, body, client: freshClient() });
}

async function count(table: string): Promise<number> {
  return (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1;
}

beforeAll(async () => {
  world = await createWorld();
  admin = await staffOf(world.office, { role: 'admin' });
  member = await staffOf(world.office, { role: 'member' });
});

describe('office staff', () => {
  it('lets only admins invite, and keeps only the code’s hash', async () => {
    expect(await (await call('POST', '/api/office/invites', member.cookie, { role: 'member' })).json()).toMatchObject({
      error: { code: 'not_admin' },
    });
    const response = await call('POST', '/api/office/invites', admin.cookie, { role: 'member' });
    expect(response.status).toBe(201);
    const { code } = await response.json<{ code: string }>();
    expect(code).toMatch(/^[0-9A-Z]{24}$/);
    const rows = JSON.stringify((await env.DB.prepare('SELECT * FROM office_codes').all()).results);
    expect(rows).not.toContain(code);
    expect(rows).toContain(await officeCodeHash(code));
    // Joining checks the code before any passkey is made.
    expect(
      await (await call('POST', '/api/office/join/options', undefined, { code: 'not a code', displayName: 'Eve' })).json(),
    ).toMatchObject({ error: { code: 'bad_code' } });
    expect(
      await (
        await call('POST', '/api/office/join/options', undefined, {
          code: code.replace(/^./, code.startsWith('0') ? '1' : '0'),
          displayName: 'Eve',
        })
      ).json(),
    ).toMatchObject({ error: { code: 'unknown_code' } });
    const options = await call('POST', '/api/office/join/options', undefined, { code: code.toLowerCase(), displayName: 'Neue Kollegin' });
    expect(await options.json()).toMatchObject({ office: { officeId: world.office.certificate.officeId, kind: 'invite', role: 'member' } });
  });

  it('admits a pending employee only with a certificate from the office key for their own key', async () => {
    const pending = await staffOf(world.office, { status: 'pending', name: 'Karl Neu' });
    expect((await call('GET', '/api/office/cases', pending.cookie)).status).toBe(403);
    const officeKey = await importPrivateJwk(world.office.signingPrivateJwk, 'signing');
    const device = fromBase64Url(
      (
        await env.DB.prepare('SELECT device_key FROM office_employees WHERE account_id = ?')
          .bind(pending.accountId)
          .first<{ device_key: string }>()
      )?.device_key ?? '',
    );
    const daily = world.office.dailyKeys.at(-1);
    if (!daily) throw new Error('no daily key');
    const grants = [
      {
        keyId: daily.key.keyId,
        day: daily.key.day,
        sealed: await sealKeyGrant(
          device,
          { officeId: pending.officeId, accountId: pending.accountId, keyId: daily.key.keyId },
          daily.privateJwk,
        ),
      },
    ];
    const fields = {
      officeId: pending.officeId,
      employeeId: pending.accountId,
      name: 'Karl Neu',
      deviceKey: pending.certificate.deviceKey,
      role: 'member' as const,
      notBefore: Date.now() - 1000,
      notAfter: Date.now() + 30 * DAY_MS,
    };

    const stranger = await generateKeyPair('signing');
    const forged = await issueEmployeeCertificate(stranger.privateKey, {
      ...fields,
      signingKey: await importPublicKey(fromBase64Url(pending.certificate.signingKey), 'signing'),
    });
    expect(
      await (
        await call('POST', '/api/office/keys/grants', admin.cookie, { accountId: pending.accountId, certificate: forged, grants })
      ).json(),
    ).toMatchObject({ error: { code: 'bad_certificate' } });
    const otherKey = await generateKeyPair('signing');
    const wrongKey = await issueEmployeeCertificate(officeKey, { ...fields, signingKey: otherKey.publicKey });
    expect(
      await (
        await call('POST', '/api/office/keys/grants', admin.cookie, { accountId: pending.accountId, certificate: wrongKey, grants })
      ).json(),
    ).toMatchObject({ error: { code: 'bad_certificate' } });
    const good = await issueEmployeeCertificate(officeKey, {
      ...fields,
      signingKey: await importPublicKey(fromBase64Url(pending.certificate.signingKey), 'signing'),
    });
    expect(
      (await call('POST', '/api/office/keys/grants', member.cookie, { accountId: pending.accountId, certificate: good, grants })).status,
    ).toBe(403);
    // The identity key goes to administrators only, whatever the admin's browser sends.
    const identityGrant = {
      keyId: IDENTITY_KEY_ID,
      day: null,
      sealed: await sealKeyGrant(
        device,
        { officeId: pending.officeId, accountId: pending.accountId, keyId: IDENTITY_KEY_ID },
        world.office.signingPrivateJwk,
      ),
    };
    expect(
      await (
        await call('POST', '/api/office/keys/grants', admin.cookie, {
          accountId: pending.accountId,
          certificate: good,
          grants: [...grants, identityGrant],
        })
      ).json(),
    ).toMatchObject({ error: { code: 'identity_for_admins' } });
    expect(
      await (
        await call('POST', '/api/office/keys/grants', admin.cookie, { accountId: pending.accountId, certificate: good, grants })
      ).json(),
    ).toEqual({ admitted: true });
    expect((await call('GET', '/api/office/cases', pending.cookie)).status).toBe(200);
    const keyring = await (await call('GET', '/api/office/keys/keyring', pending.cookie)).json<{ grants: { keyId: string }[] }>();
    expect(keyring.grants.map((grant) => grant.keyId)).toEqual([daily.key.keyId]);
  });

  it('removes an employee at once: sessions, passkeys and key grants gone, audit identity kept', async () => {
    const leaving = await staffOf(world.office, { name: 'Lea Geht' });
    await env.DB.prepare("INSERT INTO office_key_grants (account_id, key_id, office_id, day, sealed) VALUES (?, 'identity', ?, NULL, 'x')")
      .bind(leaving.accountId, leaving.officeId)
      .run();
    expect(await (await call('DELETE', `/api/office/employees/${leaving.accountId}`, member.cookie)).json()).toMatchObject({
      error: { code: 'not_admin' },
    });
    expect(await (await call('DELETE', `/api/office/employees/${admin.accountId}`, admin.cookie)).json()).toMatchObject({
      error: { code: 'remove_self' },
    });
    expect(await (await call('DELETE', `/api/office/employees/${leaving.accountId}`, admin.cookie)).json()).toEqual({ removed: true });
    expect((await call('GET', '/api/office/cases', leaving.cookie)).status).toBe(401);
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM office_key_grants WHERE account_id = ?').bind(leaving.accountId).first(),
    ).toEqual({ n: 0 });
    expect(
      await env.DB.prepare('SELECT status, certificate IS NOT NULL AS kept FROM office_employees WHERE account_id = ?')
        .bind(leaving.accountId)
        .first(),
    ).toEqual({ status: 'removed', kept: 1 });
  });

  it('publishes daily keys only when signed by the office and granted to every active employee', async () => {
    const signer = await importPrivateJwk(world.office.signingPrivateJwk, 'signing');
    const day = addDays(dayOf(Date.now()), PUBLISH_AHEAD_DAYS + 1);
    await env.DB.prepare('DELETE FROM office_daily_keys WHERE office_id = ? AND day = ?')
      .bind(world.office.certificate.officeId, day)
      .run();
    const pair = await generateKeyPair('encryption', true);
    const jwk = await exportPrivateJwk(pair.privateKey);
    const record = await issueDailyKey(signer, world.office.certificate.officeId, day, pair.publicKey);
    const active = (
      await env.DB.prepare("SELECT account_id, device_key FROM office_employees WHERE office_id = ? AND status = 'active'")
        .bind(world.office.certificate.officeId)
        .all<{ account_id: string; device_key: string }>()
    ).results;
    const grants = await Promise.all(
      active.map(async (row) => ({
        accountId: row.account_id,
        sealed: await sealKeyGrant(
          fromBase64Url(row.device_key),
          { officeId: record.officeId, accountId: row.account_id, keyId: record.keyId },
          jwk,
        ),
      })),
    );
    const before = await count('office_daily_keys');

    expect(
      await (await call('POST', '/api/office/keys/daily-keys', admin.cookie, { keys: [{ record, grants: grants.slice(1) }] })).json(),
    ).toMatchObject({ error: { code: 'grants_incomplete' } });
    const foreign = await issueDailyKey(
      await importPrivateJwk(world.otherOffice.signingPrivateJwk, 'signing'),
      world.office.certificate.officeId,
      day,
      pair.publicKey,
    );
    expect(
      await (await call('POST', '/api/office/keys/daily-keys', admin.cookie, { keys: [{ record: foreign, grants }] })).json(),
    ).toMatchObject({ error: { code: 'bad_daily_key' } });
    expect(await count('office_daily_keys')).toBe(before);

    expect((await call('POST', '/api/office/keys/daily-keys', admin.cookie, { keys: [{ record, grants }] })).status).toBe(201);
    expect((await call('POST', '/api/office/keys/daily-keys', admin.cookie, { keys: [{ record, grants }] })).status).toBe(409);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM office_key_grants WHERE key_id = ?').bind(record.keyId).first()).toEqual({
      n: active.length,
    });
  });

  it('destroys daily private keys past the retention period and keeps the identity grant', async () => {
    const old = addDays(dayOf(Date.now()), -RETENTION_DAYS - 1);
    const kept = addDays(dayOf(Date.now()), -RETENTION_DAYS);
    const insert = 'INSERT INTO office_key_grants (account_id, key_id, office_id, day, sealed) VALUES (?, ?, ?, ?, ?)';
    await env.DB.prepare(insert).bind(member.accountId, newId(), member.officeId, old, 'sealed-old').run();
    await env.DB.prepare(insert).bind(member.accountId, newId(), member.officeId, kept, 'sealed-kept').run();
    await env.DB.prepare(insert).bind(member.accountId, IDENTITY_KEY_ID, member.officeId, null, 'sealed-identity').run();
    const result = await purgeExpired(env.DB, Date.now());
    expect(result.destroyedPrivateKeys).toBeGreaterThanOrEqual(1);
    const left = (
      await env.DB.prepare('SELECT sealed FROM office_key_grants WHERE account_id = ?').bind(member.accountId).all<{ sealed: string }>()
    ).results.map((row) => row.sealed);
    expect(left).not.toContain('sealed-old');
    expect(left).toEqual(expect.arrayContaining(['sealed-kept', 'sealed-identity']));
  });

  it('answers arbitrary bodies on every office write with a 4xx and stores nothing', async () => {
    const tables = [
      'cases',
      'data_requests',
      'forwards',
      'audit_log',
      'office_codes',
      'office_key_grants',
      'office_daily_keys',
      'case_contacts',
      'office_certificate_requests',
    ];
    const counts = async () => Promise.all(tables.map(count));
    // Budgets behind a session count per account (ten TAN redemptions a minute): admins take turns.
    const admins = [admin, ...(await Promise.all([1, 2, 3].map(() => staffOf(world.office, { role: 'admin' }))))];
    let turn = 0;
    const before = await counts();
    const caseId = newId();
    const paths = [
      '/api/office/cases',
      `/api/office/cases/${caseId}/requests`,
      `/api/office/cases/${caseId}/forwards`,
      `/api/office/cases/${caseId}/audit`,
      `/api/office/cases/${caseId}/close`,
      '/api/office/audit/checkpoints',
      '/api/office/invites',
      '/api/office/keys/grants',
      '/api/office/keys/daily-keys',
      '/api/office/keys/certificate-request',
      '/api/office/join/options',
      '/api/office/join/verify',
      '/api/transfers/redeem',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue(), async (path, body) => {
        // Sent as JSON text, so that a generated string is a JSON string too.
        const caller = admins[turn++ % admins.length] ?? admin;
        const response = await call('POST', path, caller.cookie, JSON.stringify(body));
        await expectRefusal(response, `${path} ${JSON.stringify(body)}`);
      }),
      { numRuns: 120 },
    );
    expect(await counts()).toEqual(before);
  }, 30_000);
});
