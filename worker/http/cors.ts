/**
 * CORS for an API route that any website may call from the browser (a booking site's own page
 * cancelling with the widget's cancel token). Only for routes that take no cookie and whose
 * authority is a secret in the body: `Access-Control-Allow-Origin: *` never lets the browser
 * send credentials, so opening such a route to every origin gives a website nothing it could not
 * do from its own server. Every other API route stays same-origin (no CORS header at all).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

export interface CorsRule {
  /** The methods the route answers, for the preflight. */
  methods: readonly string[];
  /** The request headers a caller may send beyond the CORS-safelisted ones (JSON needs content-type). */
  headers: readonly string[];
  /** How long a browser may reuse a preflight's answer (Chromium caps it at 7,200 s). */
  maxAgeSeconds: number;
}

/**
 * Answers the preflight (OPTIONS) itself, and marks every other answer of the route readable by
 * any origin: successes and refusals alike (validation, the rate limiter's 429, the body limit's
 * 413), so that the calling page learns why, in the API's error envelope. Mount it before the
 * body limit and the route's own middleware.
 */
export function openToAnyOrigin(rule: CorsRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': rule.methods.join(', '),
        'Access-Control-Allow-Headers': rule.headers.join(', '),
        'Access-Control-Max-Age': String(rule.maxAgeSeconds),
        'Cross-Origin-Resource-Policy': 'cross-origin',
      });
    }
    await next();
    c.header('Access-Control-Allow-Origin', '*');
    // A 429's Retry-After is not a header browsers show other origins unless it is named here.
    c.header('Access-Control-Expose-Headers', 'Retry-After');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  };
}
