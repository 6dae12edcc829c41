/**
 * The loader's cancel (widget/cancel-registration.ts) talks to the route without protocol/api, to
 * stay small; here it is held to the route from the other side (the Worker's answers are held to
 * what it reads in worker/routes/cancel-cross-origin.test.ts): what it sends is what
 * checkInRoutes.cancel takes, and every answer the route may give reads as meant.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkInRoutes } from '../protocol/api/checkins.ts';
import { pathOf, refusalsOf } from '../protocol/api/route.ts';
import { API_ERROR_STATUS } from '../protocol/errors.ts';
import { encodeCancelToken } from '../protocol/widget.ts';
import { LucaCheckinError, cancelRegistration } from './cancel-registration.ts';

const APP = 'https://luca.example';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const part = (length: number) => fc.string({ unit: fc.constantFrom(...Array.from(BASE64URL)), minLength: length, maxLength: length });

afterEach(() => {
  vi.unstubAllGlobals();
});

function answering(status: number, body: unknown) {
  const fetchStub = vi.fn((_url: string, _init: RequestInit) =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

async function refusal(promise: Promise<unknown>): Promise<LucaCheckinError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof LucaCheckinError)) throw new Error(`expected a LucaCheckinError, got ${String(error)}`);
  return error;
}

describe('the loader’s cancel, held to POST /api/checkins/:checkInId/cancel', () => {
  it('sends what the route takes, for every token it accepts', async () => {
    await fc.assert(
      fc.asyncProperty(part(22), part(43), async (checkInId, secret) => {
        const fetchStub = answering(200, { id: checkInId, cancelled: true });
        expect(await cancelRegistration(APP, encodeCancelToken(checkInId, secret))).toEqual({ checkinId: checkInId });
        const [url, init] = fetchStub.mock.calls[0] ?? [];
        expect(url).toBe(`${APP}${pathOf(checkInRoutes.cancel, { checkInId })}`);
        expect(init?.method).toBe(checkInRoutes.cancel.method);
        expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
        expect(v.safeParse(checkInRoutes.cancel.params, { checkInId }).success).toBe(true);
        if (typeof init?.body !== 'string') throw new Error(`expected a JSON text as the body, got ${typeof init?.body}`);
        expect(v.safeParse(checkInRoutes.cancel.body, JSON.parse(init.body)).success).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('reads each refusal the route declares as its code', async () => {
    const token = encodeCancelToken('AAAAAAAAAAAAAAAAAAAAAA', 'S'.repeat(43));
    for (const code of refusalsOf(checkInRoutes.cancel)) {
      answering(API_ERROR_STATUS[code], { error: { code, message: `refused: ${code}` } });
      const error = await refusal(cancelRegistration(APP, token));
      expect(error.code).toBe(code);
      expect(error.message).toContain(`refused: ${code}`);
    }
  });

  it('refuses a malformed token before sending anything', async () => {
    const fetchStub = answering(200, {});
    for (const token of [
      '',
      'AAAAAAAAAAAAAAAAAAAAAA',
      `AAAAAAAAAAAAAAAAAAAAAA.${'S'.repeat(42)}`,
      `AAAAAAAAAAAAAAAAAAAAAA.${'S'.repeat(42)}+`,
    ]) {
      expect((await refusal(cancelRegistration(APP, token))).code).toBe('bad_token');
    }
    expect(fetchStub).not.toHaveBeenCalled();
  });
});
