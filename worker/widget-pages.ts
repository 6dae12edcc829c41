/**
 * The widget's pages, served by the Worker so their headers can depend on the venue
 * (wrangler.toml runs the Worker first for /widget/*):
 *
 * - /widget/luca-checkin.js: the loader, a module script other websites load, so it needs CORS;
 * - /widget/frame.html: the form, framable only by the venue's allowed websites (and the app
 *   itself, for the kiosk page): CSP frame-ancestors is built from the venues table per request;
 * - /widget/use-saved.html: the "use my saved luca data" popup; its opener (the frame) must stay
 *   reachable, so it is served without Cross-Origin-Opener-Policy: same-origin.
 *
 * Everything else under /widget/ (hashed chunks) passes through unchanged.
 */
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { decodeVenueQrPayload } from '../protocol/venue.ts';
import { database } from './db/client.ts';
import { venues } from './db/schema.ts';
import type { AppEnv } from './env.ts';
import { STRICT_TRANSPORT_SECURITY } from './http/security-headers.ts';

/** Origins were validated when saved (EmbedOriginSchema); this re-check keeps the header well-formed whatever the row holds. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

export function allowedOriginsOf(stored: readonly string[]): string[] {
  return stored.filter((entry) => ORIGIN.test(entry));
}

const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

function withHeaders(response: Response, headers: Record<string, string>, remove: readonly string[] = []): Response {
  const out = new Response(response.body, response);
  for (const name of remove) out.headers.delete(name);
  for (const [name, value] of Object.entries(headers)) out.headers.set(name, value);
  return out;
}

const COMMON = {
  'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

async function frameAncestors(c: Context<AppEnv>): Promise<string[]> {
  let venueId: string;
  try {
    venueId = decodeVenueQrPayload(c.req.query('venue') ?? '').venueId;
  } catch {
    return [];
  }
  const venue = await database(c.env.DB).query.venues.findFirst({
    where: and(eq(venues.id, venueId), eq(venues.status, 'live')),
    columns: { allowedOrigins: true },
  });
  return venue ? allowedOriginsOf(venue.allowedOrigins) : [];
}

export async function serveWidgetAsset(c: Context<AppEnv>): Promise<Response> {
  const path = c.req.path;
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  if (path === '/widget/luca-checkin.js') {
    return withHeaders(asset, {
      ...COMMON,
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'public, max-age=300',
    });
  }
  if (path === '/widget/frame.html' || path === '/widget/frame') {
    const ancestors = ["'self'", ...(await frameAncestors(c))].join(' ');
    return withHeaders(
      asset,
      {
        ...COMMON,
        'Content-Security-Policy': [...PAGE_POLICY, `frame-ancestors ${ancestors}`].join('; '),
        'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
        'Cache-Control': 'no-store',
      },
      ['Cross-Origin-Opener-Policy', 'X-Frame-Options'],
    );
  }
  if (path === '/widget/use-saved.html' || path === '/widget/use-saved') {
    return withHeaders(
      asset,
      {
        ...COMMON,
        'Content-Security-Policy': [...PAGE_POLICY, "frame-ancestors 'none'"].join('; '),
        'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
      },
      ['Cross-Origin-Opener-Policy'],
    );
  }
  // The frame's scripts and styles: the static files' headers, and HTTPS only like every answer.
  return withHeaders(asset, { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY });
}
