/**
 * Which origin serves what (PROTOCOL.md "Origins"). The health office's app (/health/) is served
 * only on the office's own origin, and nothing else is: an unknown path there would otherwise get
 * the guest app's page (single-page fallback), running the guest app's scripts on the office's
 * origin. On the app origin, /health/ moves to the office's origin. API routes answer only on the
 * origin the contract names for them (`hostOf`), else 421 `wrong_host`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { routeOf } from '../../protocol/api/index.ts';
import { hostOf } from '../../protocol/api/route.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from './errors.ts';
import { hostKind, originOf } from './hosts.ts';
import { STRICT_TRANSPORT_SECURITY } from './security-headers.ts';

/** A permanent move to the page's own origin, with the headers every answer carries. */
function moved(location: string): Response {
  return new Response(null, {
    status: 308,
    headers: {
      location,
      'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
  });
}

/** The office app's own files, and the icons its manifest names. */
const OFFICE_PATHS = /^\/(health(\/|$)|icons\/|icon\.svg$)/;

export const onItsOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const spec = routeOf(c.req.method, c.req.path);
  const needs = spec ? hostOf(spec) : 'any';
  if (needs !== 'any' && needs !== hostKind(c)) {
    throw new ApiFailure(
      421,
      'wrong_host',
      needs === 'office'
        ? 'Health-office routes answer only at the office’s own address.'
        : 'This route answers only at the app’s address.',
    );
  }
  // The office's origin and the app's are one site in production (office.luca.example next to
  // luca.example), so SameSite lets the office's cookie ride along on a request a page of the app
  // origin makes. The browser says where a request comes from (Sec-Fetch-Site): an office route
  // takes only its own origin's requests, reads included (a request without the header is no
  // browser's, and carries no cookie of the office's unless its sender holds it).
  const site = c.req.header('sec-fetch-site');
  if (needs === 'office' && site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ApiFailure(403, 'cross_origin', 'Health-office routes answer only requests from the office’s own pages.');
  }
  await next();
};

/**
 * Before anything else: the office's origin serves its API and its own app, nothing of the app
 * origin's (no guest or venue page, no widget frame that other websites could embed there).
 */
export const officeOriginServesOnlyOffice: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (hostKind(c) === 'office' && !c.req.path.startsWith('/api/') && c.req.path !== '/api' && !OFFICE_PATHS.test(c.req.path)) {
    return moved('/health/');
  }
  await next();
};

/** A static file or page; on the app origin, the office's app moves to the office's origin. */
export function servePage(c: Context<AppEnv>): Response | Promise<Response> {
  const url = new URL(c.req.url);
  if (hostKind(c) === 'app' && /^\/health(\/|$)/.test(url.pathname)) {
    return moved(`${originOf(c, 'office')}${url.pathname}${url.search}`);
  }
  return c.env.ASSETS.fetch(c.req.raw);
}
