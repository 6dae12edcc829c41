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
import { hostOf, refusalsOf } from '../../protocol/api/route.ts';
import { ApiErrorSchema } from '../../protocol/errors.ts';

export const TEST_ORIGIN = 'https://luca.test';
/** The health office's own origin (worker/http/hosts.ts): where its routes answer. */
export const TEST_OFFICE_ORIGIN = 'https://office.luca.test';

/** The origin a route answers on (protocol/api/route.ts `hostOf`): the office's for its routes, else the app's. */
export function originFor(method: string, path: string): string {
  const spec = routeOf(method, new URL(path, TEST_ORIGIN).pathname);
  return spec && hostOf(spec) === 'office' ? TEST_OFFICE_ORIGIN : TEST_ORIGIN;
}

export interface RequestOptions {
  /** A session cookie (`name=value`). */
  cookie?: string | undefined;
  /** Sent as JSON; a string is sent as it is (for malformed bodies). */
  body?: unknown;
  /** The Origin header: the route's own origin by default; null sends none. */
  origin?: string | null;
  /** The origin the request is sent to: the route's own (`originFor`) by default. */
  to?: string;
  /** The client's address (cf-connecting-ip), so rate limits can be kept apart. */
  client?: string;
  headers?: Record<string, string>;
}

export async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const to = options.to ?? originFor(method, path);
  if (options.origin !== null) headers.origin = options.origin ?? to;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.client) headers['cf-connecting-ip'] = options.client;
  Object.assign(headers, options.headers);
  const body = options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const response = await exports.default.fetch(`${to}${path}`, { method, headers, body });
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
