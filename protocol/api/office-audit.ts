/**
 * Reading the office's audit chain (trust model 6) with what the browser needs to check it: the
 * employee certificates (verified under the office's own identity key) and the cards of the
 * venues that signed entries; and appending the checkpoints that let the retention job delete
 * entries past AUDIT_RETENTION_DAYS without breaking the chain (protocol/audit-log.ts).
 */
import * as v from 'valibot';
import { SignedAuditHeadSchema } from '../audit-head.ts';
import { ChainedAuditEntrySchema, SignedAuditEntrySchema } from '../audit-log.ts';
import { EmployeeCertificateSchema } from '../data-request.ts';
import { VenueCardSchema } from '../venue.ts';
import { AUDITED_ERRORS, route } from './route.ts';
import { MAX_EMPLOYEES } from './office-staff.ts';

export const officeAuditRoutes = {
  log: route({
    method: 'GET',
    path: '/api/office/audit',
    access: 'office',
    response: v.strictObject({
      /** The chain in order, from its first remaining entry: a bound only against answers that are not ours. */
      entries: v.pipe(v.array(ChainedAuditEntrySchema), v.maxLength(1_000_000)),
      employees: v.pipe(v.array(EmployeeCertificateSchema), v.maxLength(MAX_EMPLOYEES)),
      venues: v.pipe(v.array(VenueCardSchema), v.maxLength(100_000)),
    }),
    errors: [],
  }),
  /**
   * The employee's signed checkpoint over an entry of the chain older than the retention, which
   * their browser checked (`audit_mismatch` if it names no such entry of the office's chain).
   */
  checkpoint: route({
    method: 'POST',
    path: '/api/office/audit/checkpoints',
    access: 'office',
    body: v.strictObject({ audit: SignedAuditEntrySchema }),
    status: 201,
    response: v.strictObject({ seq: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
    errors: [...AUDITED_ERRORS],
  }),
  /**
   * The head of the chain the employee's browser just verified, signed with their key: refused
   * (`audit_mismatch`) unless it is theirs, about their office, and names an entry of the chain as
   * stored; `audit_stale` if not dated now; `audit_signature` if not signed by their key.
   */
  postHead: route({
    method: 'POST',
    path: '/api/office/audit/heads',
    access: 'office',
    body: v.strictObject({ head: SignedAuditHeadSchema }),
    status: 201,
    response: v.strictObject({ seq: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
    errors: ['audit_mismatch', 'audit_stale', 'audit_signature'],
  }),
  /** Every employee's newest signed head, for each device to check against the chain it verified. */
  heads: route({
    method: 'GET',
    path: '/api/office/audit/heads',
    access: 'office',
    response: v.strictObject({ heads: v.pipe(v.array(SignedAuditHeadSchema), v.maxLength(MAX_EMPLOYEES)) }),
    errors: [],
  }),
} as const;
