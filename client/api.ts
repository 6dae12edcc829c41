/**
 * The browser side of the API: same-origin JSON requests that turn the error envelope into an
 * ApiRequestError with the server's code (one of protocol/errors.ts), and a network failure into
 * code "offline". The server's English `message` is kept for logs only; apps show their own text
 * for the code (client/error-text.ts).
 */
import { type ApiErrorCode, ApiErrorSchema, type ClientFailureCode, isApiErrorCode } from '../protocol/errors.ts';
import * as v from 'valibot';

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

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
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
  return payload as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
