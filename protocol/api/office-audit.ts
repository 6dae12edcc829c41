/**
 * Reading the office's audit chain (trust model 6) with what the browser needs to check it: the
 * employee certificates (verified under the office's own identity key) and the cards of the
 * venues that signed entries.
 */
import * as v from 'valibot';
import { ChainedAuditEntrySchema } from '../audit-log.ts';
import { EmployeeCertificateSchema } from '../data-request.ts';
import { VenueCardSchema } from '../venue.ts';
import { route } from './route.ts';
import { MAX_EMPLOYEES } from './office-staff.ts';

export const officeAuditRoutes = {
  log: route({
    method: 'GET',
    path: '/api/office/audit',
    access: 'office',
    response: v.strictObject({
      /** The whole chain in order: a bound only against answers that are not ours. */
      entries: v.pipe(v.array(ChainedAuditEntrySchema), v.maxLength(1_000_000)),
      employees: v.pipe(v.array(EmployeeCertificateSchema), v.maxLength(MAX_EMPLOYEES)),
      venues: v.pipe(v.array(VenueCardSchema), v.maxLength(100_000)),
    }),
    errors: [],
  }),
} as const;
