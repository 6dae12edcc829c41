/**
 * The one HTTP helper of the Worker tests: a request to the Worker in workerd, whose answer
 * is held to the contract (protocol/api/) before the test sees it. A success must have the route's
 * status and match its response schema; a refusal must be the one error envelope with a code the
 * route declares (its own, its access's, or one every route may answer); a 500 is never right.
 * So every request of every Worker test also checks the contract, with the data it really made.
 */
import { exports } from 'cloudflare:workers';
import * as v from 'valibot';
import { expect } from 'vitest';
import { routeOf } from '../../protocol/api/index.ts';
import { refusalsOf } from '../../protocol/api/route.ts';
import { ApiErrorSchema } from '../../protocol/errors.ts';

export const TEST_ORIGIN = 'https://luca.test';

export interface RequestOptions {
  /** A session cookie (`name=value`). */
  cookie?: string | undefined;
  /** Sent as JSON; a string is sent as it is (for malformed bodies). */
  body?: unknown;
  /** The Origin header: the app's own by default; null sends none. */
  origin?: string | null;
  /** The client's address (cf-connecting-ip), so rate limits can be kept apart. */
  client?: string;
  headers?: Record<string, string>;
}

export async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.origin !== null) headers.origin = options.origin ?? TEST_ORIGIN;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.client) headers['cf-connecting-ip'] = options.client;
  Object.assign(headers, options.headers);
  const body = options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const response = await exports.default.fetch(`${TEST_ORIGIN}${path}`, { method, headers, body });
  await expectContract(method, path, response.clone());
  return response;
}

/** The answer is one the contract allows for this request's route. */
export async function expectContract(method: string, pathAndQuery: string, response: Response): Promise<void> {
  const path = new URL(pathAndQuery, TEST_ORIGIN).pathname;
  const spec = routeOf(method, path);
  const context = `${method} ${pathAndQuery} → ${response.status}`;
  expect(response.status, `${context}: the Worker failed`).toBeLessThan(500);
  if (!spec) return;
  const payload: unknown = await response.json().catch(() => 'not JSON');
  if (response.ok) {
    expect(response.status, context).toBe(response.status === spec.retryStatus ? spec.retryStatus : (spec.status ?? 200));
    const checked = v.safeParse(spec.response, payload);
    expect(
      checked.success
        ? []
        : checked.issues.map((issue) => `${issue.path?.map((item) => String(item.key)).join('.') ?? ''}: ${issue.message}`),
      `${context}: answer outside ${spec.path}'s response schema`,
    ).toEqual([]);
    return;
  }
  const envelope = v.safeParse(ApiErrorSchema, payload);
  expect(envelope.success, `${context}: not the error envelope: ${JSON.stringify(payload)}`).toBe(true);
  if (envelope.success)
    expect([...refusalsOf(spec)], `${context}: a refusal ${spec.path} does not declare`).toContain(envelope.output.error.code);
}
