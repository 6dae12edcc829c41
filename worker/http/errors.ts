/**
 * The one error envelope: every failure answers `{ error: { code, message, field? } }` with a 4xx
 * status, or a 500 with a generic message when the Worker itself is at fault (never for bad
 * input). Codes and their statuses come from the one union in protocol/errors.ts.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ApiError, type ApiErrorCode, type StatusOf, API_ERROR_STATUS } from '../../protocol/errors.ts';

export class ApiFailure<C extends ApiErrorCode = ApiErrorCode> extends Error {
  /**
   * @param status the code's own status (a mismatch does not compile)
   * @param message English, for developers and logs: apps show their own text for `code`
   * @param field the input the refusal concerns, as a dotted path (`visits.2`)
   */
  constructor(
    readonly status: StatusOf<C>,
    readonly code: C,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** A 429 that says when the budget frees again (`Retry-After` in seconds, RFC 9110 section 10.2.3). */
export class RateLimited extends ApiFailure<'rate_limited'> {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many requests. Please try again in ${retryAfterSeconds} seconds.`);
  }
}

/** `instanceof ApiFailure` alone narrows to ApiFailure<any>: this keeps the code typed as an ApiErrorCode. */
function isApiFailure(error: Error): error is ApiFailure {
  return error instanceof ApiFailure;
}

export function errorBody(code: ApiErrorCode, message: string, field?: string): ApiError {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

const CODES_BY_STATUS: Partial<Record<number, ApiErrorCode>> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export function handleError(error: Error, c: Context): Response {
  if (error instanceof RateLimited) c.header('Retry-After', String(error.retryAfterSeconds));
  if (isApiFailure(error)) return c.json(errorBody(error.code, error.message, error.field), error.status as ContentfulStatusCode);
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = CODES_BY_STATUS[status] ?? 'bad_request';
    return c.json(errorBody(code, error.message || code.replace(/_/g, ' ')), status >= 500 ? 400 : status);
  }
  console.error('unhandled error', error);
  return c.json(errorBody('internal', 'Something went wrong on our side. Please try again.'), API_ERROR_STATUS.internal);
}
