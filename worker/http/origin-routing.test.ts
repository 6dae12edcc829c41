/**
 * The office's own origin (PROTOCOL.md "Origins", trust model 12): each API route answers only on
 * the origin the contract names for it, the office's origin serves nothing but the office's app,
 * and the app origin sends /health/ there.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInOperator, type TestOperator } from '../test/accounts.ts';
import { TEST_OFFICE_ORIGIN, TEST_ORIGIN, request } from '../test/http.ts';
import { type TestStaff, staffOf } from '../test/office.ts';
import { type World, createWorld } from '../test/world.ts';

let world: World;
let staff: TestStaff;
let operator: TestOperator;
beforeAll(async () => {
  world = await createWorld();
  staff = await staffOf(world.office);
  operator = await signedInOperator('Origin Test');
});

const page = (url: string) => exports.default.fetch(url, { redirect: 'manual' });

describe('two origins', () => {
  it('answers the office’s routes only on the office’s origin, even with its session', async () => {
    const onApp = await request('GET', '/api/office/cases', { cookie: staff.cookie, to: TEST_ORIGIN, origin: TEST_ORIGIN });
    expect(onApp.status).toBe(421);
    expect(await onApp.json()).toMatchObject({ error: { code: 'wrong_host' } });
    const write = await request('POST', '/api/office/invites', { cookie: staff.cookie, to: TEST_ORIGIN, origin: TEST_ORIGIN, body: {} });
    expect(write.status).toBe(421);
    const onOffice = await request('GET', '/api/office/cases', { cookie: staff.cookie });
    expect(onOffice.status).toBe(200);
  });

  it('answers the venue operator’s routes and venue sign-up only on the app origin', async () => {
    const onOffice = await request('GET', '/api/venue-admin/venues', { cookie: operator.cookie, to: TEST_OFFICE_ORIGIN });
    expect(onOffice.status).toBe(421);
    expect(await onOffice.json()).toMatchObject({ error: { code: 'wrong_host' } });
    const signUp = await request('POST', '/api/auth/register/options', { to: TEST_OFFICE_ORIGIN, body: { displayName: 'Mallory' } });
    expect(signUp.status).toBe(421);
    expect((await request('GET', '/api/venue-admin/venues', { cookie: operator.cookie })).status).toBe(200);
  });

  it('refuses a write to the office’s origin from the app origin, cookie and all (one site in production)', async () => {
    const forged = await request('POST', '/api/auth/logout', { cookie: staff.cookie, to: TEST_OFFICE_ORIGIN, origin: TEST_ORIGIN });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'cross_origin' } });
    expect((await request('GET', '/api/office/me', { cookie: staff.cookie })).status).toBe(200);
  });

  it('answers office routes only to the office’s own pages, reads included (same-site pages of the app origin refused)', async () => {
    for (const site of ['same-site', 'cross-site']) {
      const read = await request('GET', '/api/office/cases', { cookie: staff.cookie, headers: { 'sec-fetch-site': site } });
      expect(read.status, site).toBe(403);
      expect(await read.json()).toMatchObject({ error: { code: 'cross_origin' } });
    }
    const invites = () => env.DB.prepare('SELECT COUNT(*) AS n FROM office_codes').first<{ n: number }>();
    const before = await invites();
    const write = await request('POST', '/api/office/invites', {
      cookie: staff.cookie,
      origin: TEST_OFFICE_ORIGIN,
      headers: { 'sec-fetch-site': 'same-site' },
      body: { role: 'member' },
    });
    expect(write.status).toBe(403);
    expect(await invites()).toEqual(before);
    expect((await request('GET', '/api/office/cases', { cookie: staff.cookie, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(
      200,
    );
  });

  it('offers sign-in on both, each for its own relying party', async () => {
    for (const origin of [TEST_ORIGIN, TEST_OFFICE_ORIGIN]) {
      const response = await request('POST', '/api/auth/login/options', { to: origin });
      expect(response.status).toBe(200);
      const { options } = await response.json<{ options: { rpId: string } }>();
      expect(options.rpId).toBe(new URL(origin).hostname);
    }
  });

  it('serves nothing but the office’s app on the office’s origin, and sends /health/ there from the app origin', async () => {
    for (const path of ['/', '/c', '/venue/', '/widget/frame.html', '/sw.js', '/index.html']) {
      const response = await page(`${TEST_OFFICE_ORIGIN}${path}`);
      expect(response.status, path).toBe(308);
      expect(response.headers.get('location'), path).toBe('/health/');
    }
    const moved = await page(`${TEST_ORIGIN}/health/?case=1`);
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe(`${TEST_OFFICE_ORIGIN}/health/?case=1`);
    for (const path of ['/health/', '/health/sw.js', '/icons/icon-192.png'])
      expect((await page(`${TEST_OFFICE_ORIGIN}${path}`)).status, path).not.toBe(308);
  });
});
