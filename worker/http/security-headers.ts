/** Headers every API answer carries: HTTPS only, nothing cached (but the public feed), nothing sniffed, no referrer, not framable. */
import type { MiddlewareHandler } from 'hono';

/**
 * HTTPS only, for a year, for every subdomain too (RFC 6797): on every answer of the deployment,
 * API, widget pages (worker/widget-pages.ts) and static files (web/public/_headers) alike.
 * Browsers ignore it on http://localhost, so local runs are unaffected.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

export const apiSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  // A route meant to be cached (the public warning feed) sets its own.
  if (!c.res.headers.get('Cache-Control')?.startsWith('public')) c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  // A route meant for other origins (the widget's embedding check) sets its own.
  if (!c.res.headers.has('Cross-Origin-Resource-Policy')) c.header('Cross-Origin-Resource-Policy', 'same-origin');
};
