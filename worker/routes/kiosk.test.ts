import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../protocol/bytes.ts';
import { withNegatedS } from '../../protocol/ecdsa.ts';
import { importPrivateJwk } from '../../protocol/keys.ts';
import { KIOSK_PERIOD_MS, signKioskToken } from '../../protocol/kiosk-code.ts';
import { type TestOperator, signedInOperator } from '../test/accounts.ts';
import { request } from '../test/http.ts';
import { type World, countCheckIns, createWorld, sealFor } from '../test/world.ts';

let world: World;
let owner: TestOperator;
let stranger: TestOperator;

beforeAll(async () => {
  world = await createWorld();
  owner = await signedInOperator('Owner');
  stranger = await signedInOperator('Stranger');
  await env.DB.prepare('UPDATE venues SET operator_id = ? WHERE id = ?').bind(owner.id, world.venue.card.venueId).run();
});

async function checkIn(kiosk?: { period: number; signature: string }) {
  const { checkoutSecret: _secret, ...body } = await sealFor(world, world.venue);
  return request('POST', '/api/checkins', { body: kiosk ? { ...body, kiosk } : body });
}

async function token(at: number, signer = world.venue.signingPrivateJwk) {
  return signKioskToken(await importPrivateJwk(signer, 'signing'), world.venue.card.venueId, at);
}

function settings(who: TestOperator | undefined, kioskOnly: boolean) {
  return request('PUT', `/api/venue-admin/venues/${world.venue.card.venueId}/settings`, { cookie: who?.cookie, body: { kioskOnly } });
}

describe('kiosk codes at check-in', () => {
  it('at a kiosk-only venue, accepts a fresh code and refuses a stale, forged or backdated one, storing nothing', async () => {
    expect((await settings(owner, true)).status).toBe(200);
    expect((await checkIn(await token(Date.now()))).status).toBe(201);
    const before = await countCheckIns();
    for (const refused of [await token(Date.now() - 10 * KIOSK_PERIOD_MS), await token(Date.now(), world.otherVenue.signingPrivateJwk)]) {
      const response = await checkIn(refused);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: { code: 'stale_kiosk_code' } });
    }
    // A fresh code does not vouch for a check-in dated hours earlier (a photo used to plant a visit).
    const { checkoutSecret: _secret, ...backdated } = await sealFor(world, world.venue, Date.now() - 3 * 3_600_000);
    const planted = await request('POST', '/api/checkins', { body: { ...backdated, kiosk: await token(Date.now()) } });
    expect(planted.status).toBe(422);
    expect(await countCheckIns()).toBe(before);
    expect((await settings(owner, false)).status).toBe(200);
  });

  it('answers a late retry of a stored kiosk check-in as a duplicate, and ignores a stale code at a normal venue', async () => {
    const kiosk = await token(Date.now());
    const { checkoutSecret: _secret, ...body } = await sealFor(world, world.venue);
    const post = (payload: unknown) => request('POST', '/api/checkins', { body: payload });
    expect((await post({ ...body, kiosk })).status).toBe(201);
    expect((await settings(owner, true)).status).toBe(200);
    const retry = await post({ ...body, kiosk: { ...kiosk, period: kiosk.period - 10 } });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ id: body.id, duplicate: true });
    expect((await settings(owner, false)).status).toBe(200);
    expect((await checkIn(await token(Date.now() - 10 * KIOSK_PERIOD_MS))).status).toBe(201);
  });

  it('refuses a fresh code re-encoded as (r, n − s), as it refuses a forged one, storing nothing', async () => {
    // A kiosk code is no replay key (every guest of the minute checks in under it), but it is the
    // venue's signed statement, and like every signature it has one valid encoding.
    expect((await settings(owner, true)).status).toBe(200);
    const kiosk = await token(Date.now());
    const twin = { ...kiosk, signature: toBase64Url(withNegatedS(fromBase64Url(kiosk.signature))) };
    const before = await countCheckIns();
    const refused = await checkIn(twin);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: { code: 'stale_kiosk_code' } });
    expect(await countCheckIns()).toBe(before);
    expect((await checkIn(kiosk)).status).toBe(201);
    expect(await countCheckIns()).toBe(before + 1);
    expect((await settings(owner, false)).status).toBe(200);
  });

  it('in kiosk-only mode, refuses check-ins without a fresh code (a poster or an old photo)', async () => {
    expect((await settings(undefined, true)).status).toBe(401);
    expect((await settings(stranger, true)).status).toBe(404);
    expect((await settings(owner, true)).status).toBe(200);
    const plain = await checkIn();
    expect(plain.status).toBe(422);
    expect(await plain.json()).toMatchObject({ error: { code: 'kiosk_code_required' } });
    expect((await checkIn(await token(Date.now() - 5 * KIOSK_PERIOD_MS))).status).toBe(422);
    expect((await checkIn(await token(Date.now()))).status).toBe(201);
    expect((await settings(owner, false)).status).toBe(200);
    expect((await checkIn()).status).toBe(201);
  });
});

describe('websites allowed to embed the widget', () => {
  it('stores exact origins for the owner and refuses anything else', async () => {
    const put = (body: unknown) =>
      request('PUT', `/api/venue-admin/venues/${world.venue.card.venueId}/settings`, { cookie: owner.cookie, body: JSON.stringify(body) });
    for (const bad of ['http://example.de', 'https://example.de/booking', 'javascript:alert(1)', 'example.de', 'https://example.de/']) {
      const response = await put({ allowedOrigins: [bad] });
      expect(response.status, bad).toBe(400);
    }
    const ok = await put({ allowedOrigins: ['https://www.mein-restaurant.de', 'http://127.0.0.1:8788', 'https://www.mein-restaurant.de'] });
    expect(await ok.json()).toMatchObject({ venue: { allowedOrigins: ['https://www.mein-restaurant.de', 'http://127.0.0.1:8788'] } });
    const row = await env.DB.prepare('SELECT allowed_origins AS o FROM venues WHERE id = ?')
      .bind(world.venue.card.venueId)
      .first<{ o: string }>();
    expect(JSON.parse(row?.o ?? '[]')).toEqual(['https://www.mein-restaurant.de', 'http://127.0.0.1:8788']);
  });
});
