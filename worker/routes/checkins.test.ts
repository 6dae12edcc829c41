import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../protocol/ids.ts';
import { PUBLISH_AHEAD_DAYS, addDays, dayOf } from '../../protocol/time.ts';
import { MAX_CHECKIN_BODY_BYTES } from '../app.ts';
import { LATE_UPLOAD_DAYS } from './checkins.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type SealedForTest, type World, contact, countCheckIns, createWorld, sealFor } from '../test/world.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

function wire(sealed: SealedForTest): Record<string, unknown> {
  const { checkoutSecret: _kept, ...body } = sealed;
  return body;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return request('POST', path, { body, headers });
}

async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await response.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
}

describe('POST /api/checkins', () => {
  it('stores the ciphertext and nothing that identifies the guest', async () => {
    const sealed = await sealFor(world, world.venue);
    const response = await post('/api/checkins', wire(sealed));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: sealed.id });

    const row = await env.DB.prepare('SELECT * FROM checkins WHERE id = ?').bind(sealed.id).first();
    expect(Object.keys(row ?? {}).sort()).toEqual([
      'arrival_bucket',
      'checkout_hash',
      'ciphertext',
      'day',
      'departure_bucket',
      'id',
      'office_key_id',
      'venue_id',
    ]);
    const dump = JSON.stringify(row);
    for (const value of Object.values(contact)) expect(dump).not.toContain(value);
    expect(dump).not.toContain(sealed.checkoutSecret);
  });

  it('recognises a retried upload and stores it once', async () => {
    const sealed = await sealFor(world, world.venue);
    expect((await post('/api/checkins', wire(sealed))).status).toBe(201);
    const before = await countCheckIns();
    const retry = await post('/api/checkins', wire(sealed));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ id: sealed.id, duplicate: true });
    expect(await countCheckIns()).toBe(before);
    await expectRefused(
      await post('/api/checkins', { ...wire(sealed), checkoutHash: (await sealFor(world, world.venue)).checkoutHash }),
      409,
      'id_taken',
    );
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const sealed = wire(await sealFor(world, world.venue));
    const otherOfficeKey = world.otherOffice.dailyKeys.find((k) => k.key.day === dayOf(Date.now()))?.key.keyId;
    const before = await countCheckIns();
    await expectRefused(await post('/api/checkins', { ...sealed, extra: 1 }), 400, 'invalid_input');
    await expectRefused(await post('/api/checkins', { ...sealed, ciphertext: 'not base64!' }), 400, 'invalid_input');
    await expectRefused(await post('/api/checkins', { ...sealed, arrivalBucket: Number(sealed.arrivalBucket) + 1 }), 400, 'invalid_input');
    await expectRefused(await post('/api/checkins', '{"id":'), 400, 'bad_request');
    await expectRefused(await post('/api/checkins', 'x'.repeat(MAX_CHECKIN_BODY_BYTES + 1)), 413, 'payload_too_large');
    await expectRefused(await post('/api/checkins', { ...sealed, venueId: newId() }), 404, 'unknown_venue');
    await expectRefused(await post('/api/checkins', { ...sealed, officeKeyId: otherOfficeKey }), 422, 'wrong_office_key');
    await expectRefused(await post('/api/checkins', { ...sealed, day: addDays(String(sealed.day), 1) }), 422, 'wrong_day');
    await expectRefused(await post('/api/checkins', { ...sealed, departureBucket: sealed.arrivalBucket }), 422, 'bad_window');
    await expectRefused(
      await post('/api/checkins', { ...sealed, departureBucket: Number(sealed.arrivalBucket) + 86_400_000 + 5 * 60_000 }),
      422,
      'bad_window',
    );
    expect(await countCheckIns()).toBe(before);
  });

  it('refuses a check-in encrypted to another day’s office key', async () => {
    const sealed = wire(await sealFor(world, world.venue));
    const yesterdayKey = world.office.dailyKeys.find((k) => k.key.day === addDays(dayOf(Date.now()), -1))?.key.keyId;
    await expectRefused(await post('/api/checkins', { ...sealed, officeKeyId: yesterdayKey }), 422, 'wrong_office_key');
  });

  it('answers a late retry of a stored check-in as a duplicate, even after its day has passed', async () => {
    const sealed = wire(await sealFor(world, world.venue));
    expect((await post('/api/checkins', sealed)).status).toBe(201);
    await env.DB.prepare('UPDATE checkins SET day = ?, arrival_bucket = arrival_bucket - ? WHERE id = ?')
      .bind(addDays(String(sealed.day), -3), 3 * 86_400_000, sealed.id)
      .run();
    const stored = await env.DB.prepare('SELECT day, arrival_bucket FROM checkins WHERE id = ?')
      .bind(sealed.id)
      .first<{ day: string; arrival_bucket: number }>();
    const retry = await post('/api/checkins', { ...sealed, day: stored?.day, arrivalBucket: stored?.arrival_bucket });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ id: sealed.id, duplicate: true });
  });

  it(`takes a check-in queued offline for up to three days and a booking up to ${PUBLISH_AHEAD_DAYS} days ahead, and refuses days long past or too far ahead`, async () => {
    const late = wire(await sealFor(world, world.venue, Date.now() - LATE_UPLOAD_DAYS * 86_400_000));
    expect((await post('/api/checkins', late)).status).toBe(201);
    const old = wire(await sealFor(world, world.venue, Date.now() - (LATE_UPLOAD_DAYS + 1) * 86_400_000));
    await expectRefused(await post('/api/checkins', old), 422, 'day_out_of_range');
    // Advance sales: a seat booked for the last day the office has published.
    const booked = wire(await sealFor(world, world.venue, Date.now() + PUBLISH_AHEAD_DAYS * 86_400_000));
    expect(booked.day).toBe(addDays(dayOf(Date.now()), PUBLISH_AHEAD_DAYS));
    expect((await post('/api/checkins', booked)).status).toBe(201);
    // The world's office has a key for the day after, one day beyond what may be pre-registered.
    const ahead = wire(await sealFor(world, world.venue, Date.now() + (PUBLISH_AHEAD_DAYS + 1) * 86_400_000));
    await expectRefused(await post('/api/checkins', ahead), 422, 'day_out_of_range');
  });

  it('never answers 500 to arbitrary JSON, and stores nothing from it', async () => {
    const sealed = wire(await sealFor(world, world.venue));
    const before = await countCheckIns();
    const mutated = fc.record(
      Object.fromEntries(Object.keys(sealed).map((key) => [key, fc.oneof(fc.constant(sealed[key]), fc.jsonValue())])),
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, fc.jsonValue()), async (body) => {
        fc.pre(JSON.stringify(body) !== JSON.stringify(sealed));
        await expectRefusal(await post('/api/checkins', body, { 'cf-connecting-ip': freshClient() }), JSON.stringify(body));
      }),
      { numRuns: 150 },
    );
    expect(await countCheckIns()).toBe(before);
  });
});

describe('rate limit', () => {
  it('cuts off a client that floods the write routes, and only that client', async () => {
    const flood = { 'cf-connecting-ip': '198.51.100.9' };
    // The limiter counts in fixed 60-second windows: flood until cut off, wherever the window
    // boundary falls, and check that the first 100 requests were served.
    const statuses: number[] = [];
    while (statuses.length < 400 && statuses.at(-1) !== 429) statuses.push((await post('/api/checkins', {}, flood)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 100).every((status) => status === 400)).toBe(true);
    await expectRefused(await post('/api/checkins', {}, flood), 429, 'rate_limited');
    expect((await post('/api/checkins', {}, { 'cf-connecting-ip': '198.51.100.10' })).status).toBe(400);
  }, 30_000);
});

describe('POST /api/checkins/:id/checkout', () => {
  it('checks out only with the secret the checking-in device kept', async () => {
    const sealed = await sealFor(world, world.venue, Date.now() - 30 * 60_000);
    await post('/api/checkins', wire(sealed));
    const stranger = await sealFor(world, world.venue);
    await expectRefused(
      await post(`/api/checkins/${sealed.id}/checkout`, { secret: stranger.checkoutSecret, departedAt: Date.now() }),
      403,
      'checkout_refused',
    );
    await expectRefused(
      await post(`/api/checkins/${newId()}/checkout`, { secret: sealed.checkoutSecret, departedAt: Date.now() }),
      403,
      'checkout_refused',
    );
    await expectRefused(
      await post(`/api/checkins/${sealed.id}/checkout`, { secret: sealed.checkoutSecret, departedAt: 0 }),
      422,
      'bad_departure',
    );
    const stored = () =>
      env.DB.prepare('SELECT departure_bucket AS d FROM checkins WHERE id = ?').bind(sealed.id).first<{ d: number | null }>();
    expect((await stored())?.d).toBeNull();

    const now = Date.now();
    const response = await post(`/api/checkins/${sealed.id}/checkout`, { secret: sealed.checkoutSecret, departedAt: now });
    expect(response.status).toBe(200);
    const { departureBucket } = await response.json<{ departureBucket: number }>();
    expect(departureBucket).toBeGreaterThanOrEqual(now);
    expect(departureBucket - now).toBeLessThan(5 * 60_000);
    expect((await stored())?.d).toBe(departureBucket);

    // A retried checkout (offline queue) does not move the departure later.
    const retry = await post(`/api/checkins/${sealed.id}/checkout`, { secret: sealed.checkoutSecret, departedAt: now + 60_000 });
    expect((await retry.json<{ departureBucket: number }>()).departureBucket).toBe(departureBucket);
  });
});

describe('POST /api/checkins/:id/checkout, fuzzed', () => {
  it('never answers 500 to arbitrary ids and bodies, and moves no departure', async () => {
    const sealed = await sealFor(world, world.venue, Date.now() - 30 * 60_000);
    expect((await post('/api/checkins', wire(sealed))).status).toBe(201);
    const valid = { secret: sealed.checkoutSecret, departedAt: Date.now() };
    const departures = () => env.DB.prepare('SELECT COUNT(*) AS n FROM checkins WHERE departure_bucket IS NOT NULL').first<{ n: number }>();
    const before = await departures();
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          secret: fc.oneof(fc.constant(valid.secret), fc.string(), fc.jsonValue()),
          departedAt: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
      fc.record({ secret: fc.constant(valid.secret), departedAt: fc.constant(valid.departedAt), extra: fc.jsonValue() }),
    );
    const id = fc.oneof(
      fc.constant(sealed.id),
      fc.constant(newId()),
      fc.string({ maxLength: 40 }).filter((text) => text.length > 0),
    );
    await fc.assert(
      fc.asyncProperty(id, body, async (checkInId, payload) => {
        fc.pre(!(checkInId === sealed.id && JSON.stringify(payload) === JSON.stringify(valid)));
        const response = await post(`/api/checkins/${encodeURIComponent(checkInId)}/checkout`, payload, {
          'cf-connecting-ip': freshClient(),
        });
        await expectRefusal(response, `${checkInId} ${JSON.stringify(payload)}`);
      }),
      { numRuns: 150 },
    );
    expect(await departures()).toEqual(before);
  }, 30_000);
});
