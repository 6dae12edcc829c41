/**
 * Every API route, for the tests that hold both sides to the contract: each request a Worker test
 * makes is matched to its route here and its answer checked against the route's schema and
 * refusals (worker/test/http.ts), and the Worker's router is compared with this list.
 */
import { authRoutes } from './auth.ts';
import { checkInRoutes } from './checkins.ts';
import { directoryRoutes } from './directory.ts';
import { officeRoutes } from './office.ts';
import { type RouteSpec, matchesPath, specificity } from './route.ts';
import { transferRoutes } from './transfers.ts';
import { venueAdminRoutes } from './venue-admin.ts';
import { venueRequestRoutes } from './venue-requests.ts';
import { venueWarningRoutes } from './venue-warnings.ts';
import { warningRoutes } from './warnings.ts';

export const ROUTES: readonly RouteSpec[] = [
  ...Object.values(directoryRoutes),
  ...Object.values(transferRoutes),
  ...Object.values(authRoutes),
  ...Object.values(venueAdminRoutes),
  ...Object.values(venueRequestRoutes),
  ...Object.values(venueWarningRoutes),
  ...officeRoutes,
  ...Object.values(checkInRoutes),
  ...Object.values(warningRoutes),
];

/** The route a request names (the most specific one, as the Worker's router chooses), if any. */
export function routeOf(method: string, path: string): RouteSpec | undefined {
  return ROUTES.filter((spec) => matchesPath(spec, method, path)).sort((a, b) => specificity(b) - specificity(a))[0];
}
