/**
 * The client holds the Worker to the contract: an answer outside its route's schema never
 * reaches the app, and the request is built from the route (parameters encoded, query added).
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { directoryRoutes } from '../protocol/api/directory.ts';
import { route } from '../protocol/api/route.ts';
import { ApiRequestError, call } from './api.ts';

const VENUE_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

function answer(status: number, body: unknown): typeof fetch {
  return vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));
}

async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiRequestError)) throw new Error(`expected an ApiRequestError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('call', () => {
  it('builds the path from the route, encoding parameters and adding the query', async () => {
    const fetchStub = answer(200, { allowed: true });
    vi.stubGlobal('fetch', fetchStub);
    await call(directoryRoutes.embedding, { params: { venueId: 'a/b c' }, query: { ancestors: 'https://x.example' } });
    expect(fetchStub).toHaveBeenCalledWith(
      '/api/venues/a%2Fb%20c/embedding?ancestors=https%3A%2F%2Fx.example',
      expect.objectContaining({ method: 'GET', body: null }),
    );
  });

  it('sends the body as JSON and returns the checked answer', async () => {
    const echo = route({
      method: 'POST',
      path: '/api/echo',
      access: 'public',
      body: v.strictObject({ n: v.number() }),
      response: v.strictObject({
        n: v.pipe(
          v.number(),
          v.transform((n) => n * 2),
        ),
      }),
      errors: [],
    });
    const fetchStub = answer(200, { n: 21 });
    vi.stubGlobal('fetch', fetchStub);
    expect(await call(echo, { body: { n: 21 } })).toEqual({ n: 42 });
    expect(fetchStub).toHaveBeenCalledWith(
      '/api/echo',
      expect.objectContaining({ method: 'POST', body: '{"n":21}', headers: { 'content-type': 'application/json' } }),
    );
  });

  it('refuses an answer that does not match the route, however close', async () => {
    for (const wrong of [
      { status: 'ok' },
      { status: 'ok', database: 'maybe' },
      { status: 'ok', database: 'ok', extra: 1 },
      [],
      null,
      'ok',
    ]) {
      vi.stubGlobal('fetch', answer(200, wrong));
      const error = await failure(call(directoryRoutes.health, {}));
      expect(error.code, JSON.stringify(wrong)).toBe('unexpected_response');
      expect(error.message).toContain('GET /api/health');
    }
  });

  it('refuses a forged venue card in an answer (a field of the wrong form)', async () => {
    vi.stubGlobal('fetch', answer(200, { card: { v: 1, venueId: VENUE_ID, name: '<script>' }, allowedOrigins: [] }));
    expect((await failure(call(directoryRoutes.venue, { params: { venueId: VENUE_ID } }))).code).toBe('unexpected_response');
  });

  it('turns the error envelope into its code, and anything else into unexpected_response', async () => {
    vi.stubGlobal('fetch', answer(404, { error: { code: 'unknown_venue', message: 'There is no venue with this id.' } }));
    const refused = await failure(call(directoryRoutes.venue, { params: { venueId: VENUE_ID } }));
    expect([refused.status, refused.code]).toEqual([404, 'unknown_venue']);
    vi.stubGlobal('fetch', answer(502, { error: { code: 'bad_gateway_of_a_proxy', message: 'x' } }));
    expect((await failure(call(directoryRoutes.health, {}))).code).toBe('unexpected_response');
  });

  it('reports a network failure as offline', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    expect((await failure(call(directoryRoutes.health, {}))).code).toBe('offline');
  });
});
