/**
 * Shared by the Worker's fuzz tests: every refusal must be a 4xx in the one error envelope, and
 * each request comes from its own client address, so that a run exercises the validation and
 * not the rate limiter (which would answer 429 before the body is read).
 */
import * as v from 'valibot';
import { expect } from 'vitest';
import { ApiErrorSchema, isApiErrorCode } from '../../protocol/errors.ts';

let issued = 0;

/** A client address never used before in this test file (198.18.0.0/15 is for benchmarks). */
export function freshClient(): string {
  issued++;
  return `198.${18 + ((issued >> 16) & 1)}.${(issued >> 8) & 255}.${issued & 255}`;
}

/** The response is a clear refusal: 4xx other than 429, with `{ error: { code, message, field? } }` and a code of the union. */
export async function expectRefusal(response: Response, context: string): Promise<void> {
  expect(response.status, context).toBeGreaterThanOrEqual(400);
  expect(response.status, context).toBeLessThan(500);
  expect(response.status, `${context}: cut off by the rate limiter, so the input was never checked`).not.toBe(429);
  const body: unknown = await response.json();
  const envelope = v.safeParse(ApiErrorSchema, body);
  expect(envelope.success, `${context}: ${JSON.stringify(body)}`).toBe(true);
  if (!envelope.success) return;
  expect(
    Object.keys(envelope.output.error).every((key) => ['code', 'message', 'field'].includes(key)),
    context,
  ).toBe(true);
  expect(isApiErrorCode(envelope.output.error.code), `${context}: ${envelope.output.error.code}`).toBe(true);
  expect(envelope.output.error.message, context).toMatch(/\S{3}/);
}
