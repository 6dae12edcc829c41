/**
 * Public venue information: the venue-signed card, which clients check against the poster's pins,
 * and the websites allowed to embed its widget (public anyway: they are the venue's own sites).
 */
import { and, eq } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import { directoryRoutes } from '../../protocol/api/directory.ts';
import { database } from '../db/client.ts';
import { venues } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';
import { allowedOriginsOf } from '../widget-pages.ts';

/** CORS for the widget's loader, on every answer of the route (refusals included); the answer depends on Origin. */
const readableByAnyOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  c.header('Vary', 'Origin');
};

export const venuesRouter = new Hono<AppEnv>()
  // The lookup half of a typed venue code; the guest's device checks the pin half itself.
  .get('/by-code/:lookup', validate('param', directoryRoutes.venueByCode.params), async (c) => {
    const { lookup } = c.req.valid('param');
    const venue = await database(c.env.DB).query.venues.findFirst({ where: and(eq(venues.code, lookup), eq(venues.status, 'live')) });
    if (!venue) throw new ApiFailure(404, 'unknown_venue', 'There is no venue with this code.');
    return reply(c, directoryRoutes.venueByCode, { card: venue.card });
  })
  .get('/:venueId', validate('param', directoryRoutes.venue.params), async (c) => {
    const { venueId } = c.req.valid('param');
    // A draft venue (recovery kit not yet proven) is not open to guests.
    const venue = await database(c.env.DB).query.venues.findFirst({ where: and(eq(venues.id, venueId), eq(venues.status, 'live')) });
    if (!venue) throw new ApiFailure(404, 'unknown_venue', 'There is no venue with this id.');
    return reply(c, directoryRoutes.venue, { card: venue.card, allowedOrigins: allowedOriginsOf(venue.allowedOrigins) });
  })
  /**
   * Asked by the widget's loader from the host page (CORS): may this website embed the venue?
   * `ancestors` lists the origins of the pages the host page is itself framed in (a site
   * builder's editor or preview, from location.ancestorOrigins): frame-ancestors holds for every
   * one of them, so each must be allowed too. Only informs, so the loader can tell the site's
   * developer at once; the browser enforces the answer through the frame's Content-Security-Policy
   * frame-ancestors (worker/widget-pages.ts).
   */
  .get(
    '/:venueId/embedding',
    readableByAnyOrigin,
    validate('param', directoryRoutes.embedding.params),
    validate('query', directoryRoutes.embedding.query),
    async (c) => {
      const { venueId } = c.req.valid('param');
      const origin = c.req.header('origin') ?? '';
      const venue = await database(c.env.DB).query.venues.findFirst({
        where: and(eq(venues.id, venueId), eq(venues.status, 'live')),
        columns: { allowedOrigins: true },
      });
      if (!venue) throw new ApiFailure(404, 'unknown_venue', 'There is no venue with this id, or it is not open for check-ins yet.');
      const allowed = allowedOriginsOf(venue.allowedOrigins);
      if (!allowed.includes(origin)) {
        throw new ApiFailure(
          403,
          'origin_not_allowed',
          `This website (${origin || 'unknown origin'}) may not embed the check-in of this venue. The venue can allow it in the luca venue app under "Websites".`,
        );
      }
      const framing = (c.req.valid('query').ancestors ?? '').split(' ').filter((entry) => entry !== '');
      const stranger = framing.find((ancestor) => !allowed.includes(ancestor));
      if (stranger) {
        throw new ApiFailure(
          403,
          'ancestor_not_allowed',
          `This page is shown inside ${stranger} (a site builder's editor or preview?), which may not embed the check-in of this venue: add it under "Websites" in the luca venue app, or open the page on its own.`,
          'ancestors',
        );
      }
      return reply(c, directoryRoutes.embedding, { allowed: true });
    },
  );
