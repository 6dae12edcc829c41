/**
 * The venues of the caller's office's area, searched by name, street or postcode: how an office
 * finds "Café X" when an index case without the app says they were there. Only live venues
 * (drafts take no check-ins), at most 20 answers. Venue cards are public one by one; the list of
 * an area's venues is given to that office's admitted staff only.
 */
import { and, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { VENUE_SEARCH_LIMIT, officeVenueRoutes as routes } from '../../../protocol/api/office-venues.ts';
import { database } from '../../db/client.ts';
import { venues } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';
import { requireStaff } from '../../auth/office-staff.ts';

/** `text` as a LIKE pattern matching it anywhere, with LIKE's own wildcards taken literally. */
function containing(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export const officeVenuesRouter = new Hono<AppEnv>().get('/', requireStaff('active'), validate('query', routes.search.query), async (c) => {
  const pattern = containing(c.req.valid('query').q);
  const field = (name: string) => sql`lower(json_extract(${venues.card}, ${`$.${name}`})) LIKE ${pattern} ESCAPE '\\'`;
  const rows = await database(c.env.DB)
    .select({ card: venues.card })
    .from(venues)
    .where(
      and(
        eq(venues.officeId, c.get('staff').officeId),
        eq(venues.status, 'live'),
        sql`(${field('name')} OR ${field('street')} OR ${field('postcode')} OR ${field('city')})`,
      ),
    )
    .orderBy(sql`json_extract(${venues.card}, '$.name')`)
    .limit(VENUE_SEARCH_LIMIT);
  return reply(c, routes.search, { venues: rows.map((row) => row.card) });
});
