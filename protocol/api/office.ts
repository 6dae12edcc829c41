/** Every route of the health-office API (/api/office), one file per router of the Worker's. */
import { officeAuditRoutes } from './office-audit.ts';
import { officeCaseRoutes } from './office-cases.ts';
import { officeForwardRoutes } from './office-forwards.ts';
import { officeJoinRoutes } from './office-join.ts';
import { officeKeyRoutes } from './office-keys.ts';
import { officeStaffRoutes } from './office-staff.ts';
import { officeVenueRoutes } from './office-venues.ts';
import { officeWarningRoutes } from './office-warnings.ts';
import type { RouteSpec } from './route.ts';

export const officeRoutes: readonly RouteSpec[] = [
  ...Object.values(officeJoinRoutes),
  ...Object.values(officeStaffRoutes),
  ...Object.values(officeKeyRoutes),
  ...Object.values(officeCaseRoutes),
  ...Object.values(officeForwardRoutes),
  ...Object.values(officeAuditRoutes),
  ...Object.values(officeVenueRoutes),
  ...Object.values(officeWarningRoutes),
];
