/**
 * How many office keys travel in one request (trust model 3, 7): new daily keys in requests of at
 * most DAILY_KEYS_PER_REQUEST for days up to the publish-ahead horizon, each request stored whole
 * or not at all; an admission carrying every key an admin's browser can hold.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_GRANTS_PER_ADMISSION } from '../../../protocol/api/office-keys.ts';
import { fromBase64Url } from '../../../protocol/bytes.ts';
import { issueEmployeeCertificate } from '../../../protocol/data-request.ts';
import { issueDailyKey } from '../../../protocol/hierarchy.ts';
import { exportPrivateJwk, generateKeyPair, importPrivateJwk, importPublicKey } from '../../../protocol/keys.ts';
import { DAILY_KEYS_PER_REQUEST, IDENTITY_KEY_ID, sealKeyGrant } from '../../../protocol/office-keyring.ts';
import { DAY_MS, PUBLISH_AHEAD_DAYS, RETENTION_DAYS, addDays, dayOf } from '../../../protocol/time.ts';
import { freshClient } from '../../test/fuzz.ts';
import { request } from '../../test/http.ts';
import { type TestStaff, staffOf } from '../../test/office.ts';
import { type World, createWorld } from '../../test/world.ts';

let world: World;
let admin: TestStaff;

beforeAll(async () => {
  world = await createWorld();
  admin = await staffOf(world.office, { role: 'admin' });
  await staffOf(world.office, { role: 'member' });
});

function post(path: string, body: unknown) {
  return request('POST', path, { cookie: admin.cookie, body, client: freshClient() });
}

const officeId = () => world.office.certificate.officeId;
const dayIn = (offset: number) => addDays(dayOf(Date.now()), offset);

async function storedDays(days: readonly string[]): Promise<string[]> {
  const rows = (
    await env.DB.prepare('SELECT day FROM office_daily_keys WHERE office_id = ? ORDER BY day').bind(officeId()).all<{ day: string }>()
  ).results;
  return rows.map((row) => row.day).filter((day) => days.includes(day));
}

/** Frees the days (the world has keys for every day around today), as if never published. */
async function clearDays(days: readonly string[]): Promise<void> {
  for (const day of days) await env.DB.prepare('DELETE FROM office_daily_keys WHERE office_id = ? AND day = ?').bind(officeId(), day).run();
}

/** A new key for `day`, signed by the office and granted to every active employee, as an admin's browser makes it. */
async function newKey(day: string) {
  const signer = await importPrivateJwk(world.office.signingPrivateJwk, 'signing');
  const pair = await generateKeyPair('encryption', true);
  const jwk = await exportPrivateJwk(pair.privateKey);
  const record = await issueDailyKey(signer, officeId(), day, pair.publicKey);
  const active = (
    await env.DB.prepare("SELECT account_id, device_key FROM office_employees WHERE office_id = ? AND status = 'active'")
      .bind(officeId())
      .all<{ account_id: string; device_key: string }>()
  ).results;
  const grants = await Promise.all(
    active.map(async (row) => ({
      accountId: row.account_id,
      sealed: await sealKeyGrant(
        fromBase64Url(row.device_key),
        { officeId: officeId(), accountId: row.account_id, keyId: record.keyId },
        jwk,
      ),
    })),
  );
  return { record, grants };
}

async function expectCode(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(await response.json()).toMatchObject({ error: { code } });
}

// First: the publishing tests below replace some of the world's keys.
describe('admitting a colleague', () => {
  it(`takes every key an admin can hold (${MAX_GRANTS_PER_ADMISSION} grants) in one admission, and refuses more`, async () => {
    const pending = await staffOf(world.office, { status: 'pending', role: 'admin', name: 'Karla Viel' });
    const device = fromBase64Url(pending.certificate.deviceKey);
    const identity = await importPrivateJwk(world.office.signingPrivateJwk, 'signing');
    const certificate = await issueEmployeeCertificate(identity, {
      officeId: officeId(),
      employeeId: pending.accountId,
      name: 'Karla Viel',
      signingKey: await importPublicKey(fromBase64Url(pending.certificate.signingKey), 'signing'),
      deviceKey: pending.certificate.deviceKey,
      role: 'admin',
      notBefore: Date.now() - 1000,
      notAfter: Date.now() + 30 * DAY_MS,
    });
    const context = (keyId: string) => ({ officeId: officeId(), accountId: pending.accountId, keyId });
    // Every kept day: from the retention horizon to one day past the publish-ahead horizon.
    const daily = world.office.dailyKeys.slice(-(MAX_GRANTS_PER_ADMISSION - 1));
    expect(daily[0]?.key.day).toBe(dayIn(-RETENTION_DAYS));
    expect(daily).toHaveLength(MAX_GRANTS_PER_ADMISSION - 1);
    const grants = [
      { keyId: IDENTITY_KEY_ID, day: null, sealed: await sealKeyGrant(device, context(IDENTITY_KEY_ID), world.office.signingPrivateJwk) },
      ...(await Promise.all(
        daily.map(async (entry) => ({
          keyId: entry.key.keyId,
          day: entry.key.day,
          sealed: await sealKeyGrant(device, context(entry.key.keyId), entry.privateJwk),
        })),
      )),
    ];
    const extra = world.office.dailyKeys.at(-MAX_GRANTS_PER_ADMISSION);
    if (!extra) throw new Error('the world has too few daily keys');

    const tooMany = [
      ...grants,
      { keyId: extra.key.keyId, day: extra.key.day, sealed: await sealKeyGrant(device, context(extra.key.keyId), extra.privateJwk) },
    ];
    await expectCode(
      await post('/api/office/keys/grants', { accountId: pending.accountId, certificate, grants: tooMany }),
      400,
      'invalid_input',
    );
    const admitted = await post('/api/office/keys/grants', { accountId: pending.accountId, certificate, grants });
    expect(await admitted.json()).toEqual({ admitted: true });
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM office_key_grants WHERE account_id = ?').bind(pending.accountId).first(),
    ).toEqual({ n: MAX_GRANTS_PER_ADMISSION });
  });
});

describe('publishing daily keys', () => {
  it(`takes up to ${DAILY_KEYS_PER_REQUEST} keys in one request and refuses more, storing nothing of a refused request`, async () => {
    const days = Array.from({ length: DAILY_KEYS_PER_REQUEST + 1 }, (_, i) => dayIn(PUBLISH_AHEAD_DAYS - DAILY_KEYS_PER_REQUEST + i));
    await clearDays(days);
    const keys = await Promise.all(days.map(newKey));

    const tooMany = await post('/api/office/keys/daily-keys', { keys });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: { code: 'invalid_input', field: 'keys' } });
    expect(await storedDays(days)).toEqual([]);

    const first = await post('/api/office/keys/daily-keys', { keys: keys.slice(0, DAILY_KEYS_PER_REQUEST) });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ stored: DAILY_KEYS_PER_REQUEST });
    // The next request is refused as a whole when one of its days has a key already; the earlier one stays.
    const overlapping = await post('/api/office/keys/daily-keys', { keys: keys.slice(DAILY_KEYS_PER_REQUEST - 1) });
    await expectCode(overlapping, 409, 'day_has_key');
    expect(await storedDays(days)).toEqual(days.slice(0, DAILY_KEYS_PER_REQUEST));
    expect((await post('/api/office/keys/daily-keys', { keys: keys.slice(DAILY_KEYS_PER_REQUEST) })).status).toBe(201);
    expect(await storedDays(days)).toEqual(days);
  });

  it(`takes keys for today up to ${PUBLISH_AHEAD_DAYS} days ahead (and one day of clock slack), nothing earlier or later`, async () => {
    const accepted = [dayIn(0), dayIn(PUBLISH_AHEAD_DAYS), dayIn(PUBLISH_AHEAD_DAYS + 1)];
    const refused = [dayIn(-1), dayIn(PUBLISH_AHEAD_DAYS + 2)];
    await clearDays([...accepted, ...refused]);
    for (const day of refused)
      await expectCode(await post('/api/office/keys/daily-keys', { keys: [await newKey(day)] }), 422, 'day_out_of_range');
    expect(await storedDays(refused)).toEqual([]);
    expect((await post('/api/office/keys/daily-keys', { keys: await Promise.all(accepted.map(newKey)) })).status).toBe(201);
    expect(await storedDays(accepted)).toEqual(accepted);
  });
});
