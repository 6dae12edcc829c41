/** Headers every API answer carries: nothing cached (but the public feed), nothing sniffed, no referrer, not framable. */
import type { MiddlewareHandler } from 'hono';

export const apiSecurityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // A route meant to be cached (the public warning feed) sets its own.
  if (!c.res.headers.get('Cache-Control')?.startsWith('public')) c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  // A route meant for other origins (the widget's embedding check) sets its own.
  if (!c.res.headers.has('Cross-Origin-Resource-Policy')) c.header('Cross-Origin-Resource-Policy', 'same-origin');
};
