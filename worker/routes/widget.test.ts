/**
 * The widget's server side: cancelling a pre-registration with its token, the embedding check
 * the loader asks from the host page, and the frame page's frame-ancestors built per venue.
 */
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, ceilToBucket } from '../../protocol/time.ts';
import { encodeVenueQrPayload } from '../../protocol/venue.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type World, createWorld, sealFor } from '../test/world.ts';
import { allowedOriginsOf } from '../widget-pages.ts';

const ORIGIN = 'https://luca.test';
const RESTAURANT = 'https://www.zur-linde.example';
let world: World;

beforeAll(async () => {
  world = await createWorld();
  await env.DB.prepare('UPDATE venues SET allowed_origins = ? WHERE id = ?')
    .bind(JSON.stringify([RESTAURANT]), world.venue.card.venueId)
    .run();
});

async function preRegister(start: number, end: number | undefined) {
  const { checkoutSecret, ...sealed } = await sealFor(world, world.venue, start);
  const body = end === undefined ? sealed : { ...sealed, departureBucket: ceilToBucket(end) };
  const response = await request('POST', '/api/checkins', { body });
  expect(response.status).toBe(201);
  return { id: sealed.id, secret: checkoutSecret };
}

const cancel = (id: string, secret: string) => request('POST', `/api/checkins/${id}/cancel`, { body: { secret } });
const stored = async (id: string) =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM checkins WHERE id = ?').bind(id).first<{ n: number }>())?.n;

const stateOf = (id: string, secret: string) => request('POST', `/api/checkins/${id}/state`, { body: { secret }, client: freshClient() });

describe('a pre-registration’s state, for the guest app that holds its secret', () => {
  it('is "stored" until the booking is cancelled, and tells nobody without the secret anything', async () => {
    const tomorrow = Date.now() + 24 * HOUR_MS;
    const booking = await preRegister(tomorrow, tomorrow + 2 * HOUR_MS);
    const other = await preRegister(tomorrow, tomorrow + 2 * HOUR_MS);
    expect(await (await stateOf(booking.id, booking.secret)).json()).toEqual({ id: booking.id, stored: true });
    const [wrong, unknown] = await Promise.all([stateOf(booking.id, other.secret), stateOf('AAAAAAAAAAAAAAAAAAAAAA', booking.secret)]);
    expect([wrong.status, unknown.status]).toEqual([403, 403]);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect((await cancel(booking.id, booking.secret)).status).toBe(200);
    const gone = await stateOf(booking.id, booking.secret);
    expect(gone.status).toBe(403);
    expect(await gone.json()).toMatchObject({ error: { code: 'checkout_refused' } });
    // Asking changes nothing.
    expect(await stored(other.id)).toBe(1);
    await expectRefusal(
      await request('POST', `/api/checkins/${other.id}/state`, { body: '{"secret":1}', client: freshClient() }),
      'bad body',
    );
  });
});

describe('cancelling a pre-registration', () => {
  it('deletes the check-in for the right secret only, and answers a wrong secret and an unknown id alike', async () => {
    const tomorrow = Date.now() + 24 * HOUR_MS;
    const booking = await preRegister(tomorrow, tomorrow + 2 * HOUR_MS);
    const other = await preRegister(tomorrow, tomorrow + 2 * HOUR_MS);

    const wrong = await cancel(booking.id, other.secret);
    expect(wrong.status).toBe(403);
    expect(await stored(booking.id)).toBe(1);
    const unknown = await cancel('AAAAAAAAAAAAAAAAAAAAAA', booking.secret);
    expect(unknown.status).toBe(403);
    const [unknownBody, wrongBody] = await Promise.all([unknown.json(), wrong.json()]);
    expect(unknownBody).toEqual(wrongBody);
    expect(wrongBody).toMatchObject({ error: { code: 'cancel_refused' } });

    const done = await cancel(booking.id, booking.secret);
    expect(done.status).toBe(200);
    expect(await stored(booking.id)).toBe(0);
    expect(await stored(other.id)).toBe(1);
    expect((await cancel(booking.id, booking.secret)).status).toBe(403);
  });

  it('keeps a visit whose booked time has begun (or is over), so it cannot be erased after the fact', async () => {
    for (const start of [Date.now() - 10 * 60_000, Date.now() - 3 * HOUR_MS]) {
      const visit = await preRegister(start, start + 2 * HOUR_MS);
      const response = await cancel(visit.id, visit.secret);
      expect(response.status).toBe(409);
      expect((await response.json<{ error: { code: string } }>()).error.code).toBe('visit_started');
      expect(await stored(visit.id)).toBe(1);
    }
  });

  it('never answers 500 to arbitrary ids and bodies, and deletes nothing', async () => {
    const visit = await preRegister(Date.now() + HOUR_MS, Date.now() + 2 * HOUR_MS);
    const count = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM checkins').first<{ n: number }>())?.n;
    const before = await count();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(visit.id), fc.string({ maxLength: 30 })),
        fc.oneof(fc.jsonValue(), fc.record({ secret: fc.string() })),
        async (id, body) => {
          // Stringified here: a JSON string value must not go out as a raw body.
          const response = await request('POST', `/api/checkins/${encodeURIComponent(id)}/cancel`, {
            body: JSON.stringify(body),
            client: freshClient(),
          });
          await expectRefusal(response, `${id} ${JSON.stringify(body)}`);
        },
      ),
      { numRuns: 100 },
    );
    expect(await count()).toBe(before);
  });

  it('refuses malformed bodies with a 4xx', async () => {
    const visit = await preRegister(Date.now() + HOUR_MS, Date.now() + 2 * HOUR_MS);
    for (const body of ['{}', '{"secret":"short"}', JSON.stringify({ secret: visit.secret, extra: 1 }), 'not json']) {
      const response = await request('POST', `/api/checkins/${visit.id}/cancel`, { body });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(await stored(visit.id)).toBe(1);
  });
});

describe('embedding', () => {
  const embedding = (origin: string | undefined, venueId = world.venue.card.venueId) =>
    request('GET', `/api/venues/${venueId}/embedding`, { origin: origin ?? null });

  it('tells the loader whether the host page may embed the venue, readable cross-origin', async () => {
    const allowed = await embedding(RESTAURANT);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await embedding('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const body = await refused.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('origin_not_allowed');
    expect(body.error.message).toContain('https://evil.example');
    expect(refused.headers.get('vary')).toBe('Origin');
    expect((await embedding(undefined)).status).toBe(403);
    const malformed = await request('GET', '/api/venues/not-an-id/embedding', { origin: RESTAURANT });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('access-control-allow-origin')).toBe('*');
    expect((await embedding(RESTAURANT, world.otherVenue.card.venueId)).status).toBe(403);
  });

  it('refuses a page framed inside a website the venue did not allow (a site builder’s editor), naming it', async () => {
    const framed = (ancestors: string) =>
      request('GET', `/api/venues/${world.venue.card.venueId}/embedding?${new URLSearchParams({ ancestors }).toString()}`, {
        origin: RESTAURANT,
      });
    expect((await framed(RESTAURANT)).status).toBe(200);
    const builder = await framed(`${RESTAURANT} https://editor.sitebuilder.example`);
    expect(builder.status).toBe(403);
    expect(await builder.json()).toMatchObject({
      error: {
        code: 'ancestor_not_allowed',
        field: 'ancestors',
        message: expect.stringContaining('https://editor.sitebuilder.example') as string,
      },
    });
    expect(builder.headers.get('access-control-allow-origin')).toBe('*');
    for (const junk of ['javascript:alert(1)', 'https://a.example;https://b.example', 'x'.repeat(1200)]) {
      await expectRefusal(await framed(junk), junk.slice(0, 40));
    }
  });

  it('publishes the allowed websites with the venue card, for the frame to check its parent', async () => {
    const response = await request('GET', `/api/venues/${world.venue.card.venueId}`, { origin: null });
    expect((await response.json<{ allowedOrigins: string[] }>()).allowedOrigins).toEqual([RESTAURANT]);
  });

  it('lets only the venue’s websites and the app itself frame the form', async () => {
    const payload = encodeVenueQrPayload({
      venueId: world.venue.card.venueId,
      officeId: world.venue.card.officeId,
      encryptionKey: world.venue.card.encryptionKey,
      signingKeyPin: 'AAAAAAAAAAAAAAAAAAAAAA',
    });
    const frame = await exports.default.fetch(`${ORIGIN}/widget/frame?venue=${payload}&mode=booking`);
    const policy = frame.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`frame-ancestors 'self' ${RESTAURANT}`);
    expect(policy).toContain("script-src 'self'");
    expect(frame.headers.get('cross-origin-opener-policy')).toBeNull();

    const otherPayload = payload.replace(world.venue.card.venueId, world.otherVenue.card.venueId);
    const other = await exports.default.fetch(`${ORIGIN}/widget/frame?venue=${otherPayload}&mode=booking`);
    expect(other.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);
    const garbage = await exports.default.fetch(`${ORIGIN}/widget/frame?venue=${encodeURIComponent('x; script-src *')}`);
    expect(garbage.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/);
  });

  it('serves the loader to any website as a module script', async () => {
    const loader = await exports.default.fetch(`${ORIGIN}/widget/luca-checkin.js`);
    expect(loader.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('never lets a stored value break out of the frame-ancestors list', () => {
    expect(
      allowedOriginsOf([
        'https://a.example',
        "https://b.example; script-src 'unsafe-inline'",
        'https://c.example:8443',
        'javascript:alert(1)',
      ]),
    ).toEqual(['https://a.example', 'https://c.example:8443']);
    expect(allowedOriginsOf([])).toEqual([]);
  });
});
