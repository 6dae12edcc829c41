/**
 * The browser side of the API: `call(route, input)` sends a same-origin JSON request built from a
 * route of the contract (protocol/api/), and checks the answer against the route's response
 * schema, so what the app works with is what the types say. The error envelope becomes an
 * ApiRequestError with the server's code (one of protocol/errors.ts), a network failure code
 * "offline", and an answer of the wrong shape code "unexpected_response". The server's English
 * `message` is kept for logs only; apps show their own text for the code (client/error-text.ts).
 */
import * as v from 'valibot';
import { type RequestOf, type ResponseOf, type RouteSpec, pathOf } from '../protocol/api/route.ts';
import { type ApiErrorCode, ApiErrorSchema, type ClientFailureCode, isApiErrorCode } from '../protocol/errors.ts';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | ClientFailureCode,
    message: string,
    /** The input the refusal concerns, as a dotted path into the request body (`visits.2`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

async function send(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; payload: unknown }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiRequestError(0, 'offline', 'No connection to the server.');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const envelope = v.safeParse(ApiErrorSchema, payload);
    if (!envelope.success || !isApiErrorCode(envelope.output.error.code)) {
      // A proxy's or captive portal's page, or a code this build does not know.
      throw new ApiRequestError(response.status, 'unexpected_response', `HTTP ${response.status}`);
    }
    const { code, message, field } = envelope.output.error;
    throw new ApiRequestError(response.status, code, message, field);
  }
  return { status: response.status, payload };
}

/** One issue of a schema check, as a path and a sentence, for logs and the developer's console. */
function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = issue?.path?.map((item) => String(item.key)).join('.');
  return `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`;
}

/**
 * Calls `route` with its path parameters, query and body, and returns the answer once it matches
 * the route's response schema (its output, with the schema's transformations applied).
 */
export async function call<R extends RouteSpec>(route: R, input: RequestOf<R>): Promise<ResponseOf<R>> {
  // RequestOf<R> is one of these shapes; seen from here, each part is optional.
  const parts = input as { params?: Record<string, string>; query?: Record<string, string | undefined>; body?: unknown };
  const { status, payload } = await send(route.method, pathOf(route, parts.params, parts.query), parts.body);
  const checked = v.safeParse(route.response, payload);
  if (!checked.success) {
    // A server of another version, or one that is not ours: nothing of it reaches the app.
    throw new ApiRequestError(
      status,
      'unexpected_response',
      `${route.method} ${route.path} answered outside its schema (${firstIssue(checked.issues)})`,
    );
  }
  // Checked against R's own schema just above; TypeScript cannot equate the generic output types.
  return checked.output as ResponseOf<R>;
}
