/**
 * Warnings in a case (trust model 19): the employee signs a warning for a visit of the case and
 * its audit entry; the Worker publishes it to the feed. It can be withdrawn the same way. The
 * case's warnings come back with which released check-ins acknowledged them ("reach"). Each
 * office keeps its own advice texts per level and its contact for the warning form.
 */
import * as v from 'valibot';
import { SignedAuditEntrySchema } from '../audit-log.ts';
import { AdviceSchema, OfficeContactSchema, WarningSchema, WithdrawalSchema } from '../warning.ts';
import { IdSchema, TimeMsSchema } from '../wire-primitives.ts';
import { AUDITED_ERRORS, type ResponseOf, route } from './route.ts';

/** Warnings one office may send in a day: far above a club night's visits, low enough to stop a stolen session flooding the feed. */
export const MAX_WARNINGS_PER_OFFICE_DAY = 500;
const MAX_CASE_WARNINGS = 500;
const MAX_READS = 200_000;

const CaseParams = v.object({ caseId: IdSchema });

export const WarningTextsSchema = v.strictObject({
  level1: AdviceSchema,
  level2: AdviceSchema,
  contact: OfficeContactSchema,
});
export type WarningTexts = v.InferOutput<typeof WarningTextsSchema>;

export const CaseWarningSchema = v.strictObject({
  warning: WarningSchema,
  withdrawal: v.nullable(WithdrawalSchema),
  /** Acknowledgements of check-ins this case's venues released (the others are not the case's business). */
  reads: v.pipe(v.array(v.strictObject({ checkInId: IdSchema, readAt: TimeMsSchema })), v.maxLength(MAX_READS)),
});
export type CaseWarning = v.InferOutput<typeof CaseWarningSchema>;

export const officeWarningRoutes = {
  send: route({
    method: 'POST',
    path: '/api/office/cases/:caseId/warnings',
    access: 'office',
    params: CaseParams,
    body: v.strictObject({ warning: WarningSchema, audit: SignedAuditEntrySchema }),
    status: 201,
    response: v.strictObject({ warningId: IdSchema, entries: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
    errors: [
      'unknown_case',
      'case_closed',
      'wrong_case',
      'other_office',
      'not_your_signature',
      'office_not_certified',
      'bad_warning_signature',
      'unknown_venue',
      'not_a_case_visit',
      'warning_exists',
      'warning_limit',
      ...AUDITED_ERRORS,
    ],
  }),
  withdraw: route({
    method: 'POST',
    path: '/api/office/cases/:caseId/warnings/:warningId/withdraw',
    access: 'office',
    params: v.object({ caseId: IdSchema, warningId: IdSchema }),
    body: v.strictObject({ withdrawal: WithdrawalSchema, audit: SignedAuditEntrySchema }),
    response: v.strictObject({ withdrawn: v.literal(true) }),
    errors: [
      'unknown_case',
      'unknown_warning',
      'warning_withdrawn',
      'other_office',
      'not_your_signature',
      'office_not_certified',
      'bad_warning_signature',
      ...AUDITED_ERRORS,
    ],
  }),
  list: route({
    method: 'GET',
    path: '/api/office/cases/:caseId/warnings',
    access: 'office',
    params: CaseParams,
    response: v.strictObject({ warnings: v.pipe(v.array(CaseWarningSchema), v.maxLength(MAX_CASE_WARNINGS)) }),
    errors: ['unknown_case'],
  }),
  texts: route({
    method: 'GET',
    path: '/api/office/warning-texts',
    access: 'office',
    response: v.strictObject({ texts: v.nullable(WarningTextsSchema) }),
    errors: [],
  }),
  saveTexts: route({
    method: 'PUT',
    path: '/api/office/warning-texts',
    access: 'office-admin',
    body: WarningTextsSchema,
    response: v.strictObject({ texts: WarningTextsSchema }),
    errors: [],
  }),
} as const;

export type CaseWarnings = ResponseOf<typeof officeWarningRoutes.list>;
