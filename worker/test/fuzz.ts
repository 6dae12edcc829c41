/**
 * Shared by the Worker's fuzz tests: every refusal must be a 4xx in the one error envelope, and
 * each request comes from its own client address, so that a run exercises the validation and
 * not the rate limiter (which would answer 429 before the body is read).
 */
import { expect } from 'vitest';

let issued = 0;

/** A client address never used before in this test file (198.18.0.0/15 is for benchmarks). */
export function freshClient(): string {
  issued++;
  return `198.${18 + ((issued >> 16) & 1)}.${(issued >> 8) & 255}.${issued & 255}`;
}

/** The response is a clear refusal: 4xx other than 429, with `{ error: { code, message } }`. */
export async function expectRefusal(response: Response, context: string): Promise<void> {
  expect(response.status, context).toBeGreaterThanOrEqual(400);
  expect(response.status, context).toBeLessThan(500);
  expect(response.status, `${context}: cut off by the rate limiter, so the input was never checked`).not.toBe(429);
  const body: unknown = await response.json();
  expect(body, context).toEqual({ error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.stringMatching(/\S{3}/) } });
}
