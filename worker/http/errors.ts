/**
 * The one error envelope: every failure answers `{ error: { code, message } }` with a 4xx status,
 * or a 500 with a generic message when the Worker itself is at fault (never for bad input).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../protocol/schemas.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export function errorBody(code: string, message: string): ApiError {
  return { error: { code, message } };
}

const CODES_BY_STATUS: Partial<Record<number, string>> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiFailure) return c.json(errorBody(error.code, error.message), error.status);
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = CODES_BY_STATUS[status] ?? 'bad_request';
    return c.json(errorBody(code, error.message || code.replace(/_/g, ' ')), status >= 500 ? 400 : (status as ContentfulStatusCode));
  }
  console.error('unhandled error', error);
  return c.json(errorBody('internal', 'Something went wrong on our side. Please try again.'), 500);
}
