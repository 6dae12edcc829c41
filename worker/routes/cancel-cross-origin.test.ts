/**
 * Cancelling a booking from the booking website's own page (or its back-end) with the widget's
 * cancel token: `POST /api/checkins/:id/cancel` is readable by any origin, on every answer, with
 * a preflight; no other API route sends a CORS header because of it.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../protocol/ids.ts';
import { HOUR_MS, ceilToBucket } from '../../protocol/time.ts';
import { decodeCancelToken, encodeCancelToken } from '../../protocol/widget.ts';
import { MAX_BODY_BYTES } from '../app.ts';
import { expectRefusal, freshClient } from '../test/fuzz.ts';
import { request } from '../test/http.ts';
import { type World, createWorld, sealFor } from '../test/world.ts';

/** A cinema's ticket shop: not among the venue's allowed websites, and it need not be. */
const SHOP = 'https://tickets.kino-am-markt.example';
let world: World;

beforeAll(async () => {
  world = await createWorld();
});

async function preRegister(start: number) {
  const { checkoutSecret, ...sealed } = await sealFor(world, world.venue, start);
  const body = { ...sealed, departureBucket: ceilToBucket(start + 2 * HOUR_MS) };
  const response = await request('POST', '/api/checkins', { body, client: freshClient() });
  expect(response.status).toBe(201);
  return { id: sealed.id, secret: checkoutSecret };
}

/** As a browser sends it from the shop's page: with the page's Origin. */
function cancelFromShop(id: string, body: unknown, headers: Record<string, string> = {}) {
  return request('POST', `/api/checkins/${encodeURIComponent(id)}/cancel`, { origin: SHOP, body, client: freshClient(), headers });
}

const stored = async (id: string) =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM checkins WHERE id = ?').bind(id).first<{ n: number }>())?.n;
const allCheckIns = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM checkins').first<{ n: number }>())?.n;

/** Readable by the calling page: `*`, and not blocked by Cross-Origin-Resource-Policy. */
function expectOpen(response: Response) {
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  expect(response.headers.get('access-control-allow-credentials')).toBeNull();
}

async function expectOpenRefusal(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expectOpen(response);
  expect(await response.json()).toMatchObject({ error: { code } });
}

describe('cancelling from another website', () => {
  it('answers the preflight: POST with a JSON body from any origin, cached for a while', async () => {
    const booking = await preRegister(Date.now() + 24 * HOUR_MS);
    const preflight = await request('OPTIONS', `/api/checkins/${booking.id}/cancel`, {
      origin: SHOP,
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expectOpen(preflight);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('content-type');
    expect(Number(preflight.headers.get('access-control-max-age'))).toBeGreaterThanOrEqual(600);
    expect(await preflight.text()).toBe('');
    expect(await stored(booking.id)).toBe(1);
  });

  it('cancels with the token, and every refusal is readable by the page too', async () => {
    const booking = await preRegister(Date.now() + 24 * HOUR_MS);
    const other = await preRegister(Date.now() + 24 * HOUR_MS);

    const wrong = await cancelFromShop(booking.id, { secret: other.secret });
    const unknown = await cancelFromShop(newId(), { secret: booking.secret });
    await expectOpenRefusal(wrong.clone(), 403, 'cancel_refused');
    await expectOpenRefusal(unknown.clone(), 403, 'cancel_refused');
    // A wrong secret and an unknown booking read alike.
    const refusal: unknown = await wrong.json();
    expect(await unknown.json()).toEqual(refusal);
    await expectOpenRefusal(await cancelFromShop(booking.id, { secret: 'short' }), 400, 'invalid_input');
    await expectOpenRefusal(await cancelFromShop(booking.id, '{"secret":'), 400, 'bad_request');
    await expectOpenRefusal(await cancelFromShop(booking.id, 'x'.repeat(MAX_BODY_BYTES + 1)), 413, 'payload_too_large');
    await expectOpenRefusal(await request('GET', `/api/checkins/${booking.id}/cancel`, { origin: SHOP }), 404, 'not_found');
    expect(await stored(booking.id)).toBe(1);

    const done = await cancelFromShop(booking.id, { secret: booking.secret });
    expect(done.status).toBe(200);
    expectOpen(done);
    expect(await done.json()).toEqual({ id: booking.id, cancelled: true });
    expect(await stored(booking.id)).toBe(0);
    expect(await stored(other.id)).toBe(1);
    // Cancelled already: the same answer as a wrong secret.
    const again = await cancelFromShop(booking.id, { secret: booking.secret });
    await expectOpenRefusal(again.clone(), 403, 'cancel_refused');
    expect(await again.json()).toEqual(refusal);

    const begun = await preRegister(Date.now() - 10 * 60_000);
    await expectOpenRefusal(await cancelFromShop(begun.id, { secret: begun.secret }), 409, 'visit_started');
    expect(await stored(begun.id)).toBe(1);
  });

  it('keeps the rate limit, and its 429 is readable by the page', async () => {
    const flood = { 'cf-connecting-ip': '198.51.100.77' };
    const statuses: number[] = [];
    let last: Response | undefined;
    while (statuses.length < 400 && statuses.at(-1) !== 429) {
      last = await cancelFromShop(newId(), {}, flood);
      statuses.push(last.status);
      expectOpen(last);
      await last.body?.cancel();
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 100).every((status) => status === 400)).toBe(true);
    // When to come back is readable by the page too.
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last?.headers.get('access-control-expose-headers')).toBe('Retry-After');
    await expectOpenRefusal(await cancelFromShop(newId(), {}, flood), 429, 'rate_limited');
  }, 30_000);

  it('never answers 500 to arbitrary ids, bodies and content types, always readable cross-origin, and deletes nothing', async () => {
    const booking = await preRegister(Date.now() + HOUR_MS);
    const before = await allCheckIns();
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ secret: fc.oneof(fc.string(), fc.constant(booking.secret.slice(1)), fc.jsonValue()) }, { requiredKeys: [] }),
      fc.record({ secret: fc.constant(booking.secret), extra: fc.jsonValue() }),
    );
    const id = fc.oneof(fc.constant(booking.id), fc.constant(newId()), fc.string({ minLength: 1, maxLength: 30 }));
    const contentType = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-8',
    );
    await fc.assert(
      fc.asyncProperty(id, body, contentType, async (checkInId, payload, type) => {
        fc.pre(JSON.stringify(payload) !== JSON.stringify({ secret: booking.secret }));
        // "." and ".." are dot segments: URL parsing removes them (encoded or not), so such a
        // request goes to /api/checkins/cancel or /api/cancel, not to this route (found by seed 1491682848).
        fc.pre(!['.', '..'].includes(checkInId));
        const response = await cancelFromShop(checkInId, payload, { 'content-type': type });
        const context = `${checkInId} ${type} ${JSON.stringify(payload)}`;
        expect(response.headers.get('access-control-allow-origin'), context).toBe('*');
        await expectRefusal(response, context);
      }),
      { numRuns: 120 },
    );
    expect(await allCheckIns()).toBe(before);
    expect(await stored(booking.id)).toBe(1);
  }, 30_000);
});

/**
 * The widget's loader cancels without protocol/api (widget/cancel-registration.ts: it stays small):
 * it splits the token as decodeCancelToken does, sends `{secret}` as JSON from the host page, and
 * reads the answer itself: ok is cancelled (the body unread); anything else is the envelope's
 * `error.code` and `error.message`, both strings (else it makes up `http_<status>`). So every answer
 * must read as meant that way, besides matching the route (which `request` checks).
 */
describe('what the widget loader reads', () => {
  const LoaderRefusal = v.object({ error: v.object({ code: v.string(), message: v.string() }) });

  function cancelAsTheLoader(token: string) {
    const { checkInId, secret } = decodeCancelToken(token);
    return request('POST', `/api/checkins/${checkInId}/cancel`, { origin: SHOP, body: { secret }, client: freshClient() });
  }

  async function readAsTheLoader(response: Response): Promise<{ cancelled: true } | { code: string; message: string }> {
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    if (response.ok) return { cancelled: true };
    const body: unknown = await response.json().catch(() => undefined);
    const read = v.safeParse(LoaderRefusal, body);
    expect(read.success, `an answer the loader reads as http_${response.status}: ${JSON.stringify(body)}`).toBe(true);
    return read.success
      ? { code: read.output.error.code, message: read.output.error.message }
      : { code: `http_${response.status}`, message: '' };
  }

  it('reads a cancel as done, and every refusal as its code with a message', async () => {
    const booking = await preRegister(Date.now() + 24 * HOUR_MS);
    const begun = await preRegister(Date.now() - 10 * 60_000);
    const token = encodeCancelToken(booking.id, booking.secret);
    const message = expect.stringMatching(/\S{3}/) as string;

    const done = await cancelAsTheLoader(token);
    expect(done.status).toBe(200);
    expect(await readAsTheLoader(done)).toEqual({ cancelled: true });
    expect(await stored(booking.id)).toBe(0);
    expect(await readAsTheLoader(await cancelAsTheLoader(token))).toEqual({ code: 'cancel_refused', message });
    expect(await readAsTheLoader(await cancelAsTheLoader(encodeCancelToken(newId(), booking.secret)))).toEqual({
      code: 'cancel_refused',
      message,
    });
    expect(await readAsTheLoader(await cancelAsTheLoader(encodeCancelToken(begun.id, begun.secret)))).toEqual({
      code: 'visit_started',
      message,
    });
    expect(await stored(begun.id)).toBe(1);
  });
});

describe('the rest of the API', () => {
  it('sends no CORS header to another website, and answers no preflight', async () => {
    const booking = await preRegister(Date.now() + 24 * HOUR_MS);
    const asShop = (path: string, method = 'GET', options: { body?: unknown; headers?: Record<string, string> } = {}) =>
      request(method, path, {
        origin: SHOP,
        client: freshClient(),
        headers: { 'content-type': 'application/json', ...options.headers },
        body: options.body,
      });
    const post = (path: string, body: unknown) => asShop(path, 'POST', { body });
    const answers = {
      'POST /api/checkins': await post('/api/checkins', {}),
      'POST checkout': await post(`/api/checkins/${booking.id}/checkout`, { secret: booking.secret, departedAt: Date.now() }),
      'POST state': await post(`/api/checkins/${booking.id}/state`, { secret: booking.secret }),
      'GET /api/offices': await asShop('/api/offices'),
      'GET /api/offices/:id': await asShop(`/api/offices/${world.office.certificate.officeId}`),
      'GET /api/venues/:id': await asShop(`/api/venues/${world.venue.card.venueId}`),
      'GET /api/health': await asShop('/api/health'),
      'POST /api/transfers': await post('/api/transfers', {}),
      'GET /api/office/me': await asShop('/api/office/me'),
      'POST /api/venue-admin/venues': await post('/api/venue-admin/venues', {}),
    };
    for (const [name, response] of Object.entries(answers)) {
      expect(response.headers.get('access-control-allow-origin'), name).toBeNull();
      expect(response.headers.get('cross-origin-resource-policy'), name).toBe('same-origin');
    }
    expect(answers['POST state'].status).toBe(200);
    for (const path of ['/api/checkins', `/api/checkins/${booking.id}/checkout`, `/api/checkins/${booking.id}/state`, '/api/transfers']) {
      const preflight = await asShop(path, 'OPTIONS', {
        headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status, path).toBe(404);
      expect(preflight.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods'), path).toBeNull();
    }
    expect(await stored(booking.id)).toBe(1);
  });
});
