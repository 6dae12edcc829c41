/**
 * The venues of the caller's office's area, searched by name, street, postcode or city: how an
 * office finds "Café X" when an index case without the app says they were there. Only live
 * venues, at most VENUE_SEARCH_LIMIT answers.
 */
import * as v from 'valibot';
import { VenueCardSchema } from '../venue.ts';
import { route } from './route.ts';

export const VENUE_SEARCH_LIMIT = 20;

export const officeVenueRoutes = {
  search: route({
    method: 'GET',
    path: '/api/office/venues',
    access: 'office',
    query: v.object({ q: v.pipe(v.string(), v.trim(), v.minLength(2, 'type at least 2 characters'), v.maxLength(80)) }),
    response: v.strictObject({ venues: v.pipe(v.array(VenueCardSchema), v.maxLength(VENUE_SEARCH_LIMIT)) }),
    errors: [],
  }),
} as const;
