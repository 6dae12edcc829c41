/**
 * Which stored check-ins a data request can reach: the venue's check-ins whose stay may overlap
 * the requested window. The venue's inbox lists exactly these, and an approval may release only
 * these. Kept apart from the route so that `npm run bench` times the very same query.
 */
import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { DAY_MS } from '../../protocol/time.ts';
import { checkIns } from './schema.ts';

/** Stays can begin up to a day before the window and still overlap it. */
const LOOKBACK_MS = DAY_MS;

export function candidatesWhere(request: { venueId: string; windowFrom: number; windowTo: number }) {
  // Served by the index checkins_venue_arrival (venue_id, arrival_bucket): a range scan of one
  // venue's arrivals, never the whole table.
  return and(
    eq(checkIns.venueId, request.venueId),
    gte(checkIns.arrivalBucket, request.windowFrom - LOOKBACK_MS),
    lte(checkIns.arrivalBucket, request.windowTo),
    or(isNull(checkIns.departureBucket), gte(checkIns.departureBucket, request.windowFrom)),
  );
}
