/**
 * Cases (trust model 2, 6): opened from a TAN the office redeemed for it (with the visits the
 * employee ticked in the decrypted history), from a visit another office forwarded, or, for an
 * index case without the app, from a reason alone. In a case the office asks venues for their
 * check-ins (requests, signed by the employee's certified key), forwards visits at venues of
 * other offices, follows up each contact, and appends the decryptions and exports to its audit
 * chain; every step is signed into that chain with the action.
 */
import * as v from 'valibot';
import { SignedAuditEntrySchema } from '../audit-log.ts';
import { CaseVisitSchema } from '../case-visit.ts';
import { DataRequestSchema } from '../data-request.ts';
import { OfficeCertificateSchema } from '../hierarchy.ts';
import { VenueCardSchema } from '../venue.ts';
import { BucketSchema, DaySchema, IdSchema, TimeMsSchema } from '../wire-primitives.ts';
import { AUDITED_ERRORS, type ResponseOf, route } from './route.ts';
import { CHECKIN_INNER, sealedEnvelope } from '../sealed-size.ts';
import { PARTY_LIMIT } from '../party.ts';

/** The most visits one case can hold (as many as a shared history can list). */
export const MAX_CASE_VISITS = 500;
/**
 * Guards for lists the Worker answers whole, far above any real office (an office's cases over
 * the years, the venues one case asks): an answer beyond them is not one of ours.
 */
const MAX_CASES = 100_000;
const MAX_CASE_REQUESTS = 5000;
const MAX_CASE_RELEASES = 200_000;

const ControlFree = v.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
/** The office's file number for the case, shown to venues in its requests. */
const ReferenceSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80), ControlFree);
/** Where the office stands with one contact person. */
export const ContactStatusSchema = v.picklist(['to_call', 'reached', 'unreachable']);
export type ContactStatus = v.InferOutput<typeof ContactStatusSchema>;
/**
 * A companion's place in their check-in's group: 1 … 9, in the order the inner layer lists the
 * companions (protocol/party.ts). The one who checked in is person 0, written by leaving `person`
 * out, so a status stored or sent before groups existed still means that person.
 */
export const CompanionIndexSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(PARTY_LIMIT - 1));
const CaseParams = v.object({ caseId: IdSchema });

export const CaseSummarySchema = v.strictObject({
  id: IdSchema,
  reference: ReferenceSchema,
  status: v.picklist(['open', 'closed']),
  createdAt: TimeMsSchema,
  closedAt: v.nullable(TimeMsSchema),
});
export type CaseSummary = v.InferOutput<typeof CaseSummarySchema>;

/** A request of the case, as the venue answered it (or not yet). */
export const CaseRequestSchema = v.strictObject({
  request: DataRequestSchema,
  venue: VenueCardSchema,
  status: v.picklist(['pending', 'approved', 'declined']),
  declineReason: v.nullable(v.pipe(v.string(), v.maxLength(500))),
  answeredAt: v.nullable(TimeMsSchema),
  releasedCount: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
export type CaseRequest = v.InferOutput<typeof CaseRequestSchema>;

/** A check-in a venue released for a request: its inner layer, still sealed to the office's daily key. */
export const ReleasedCheckInSchema = v.strictObject({
  requestId: IdSchema,
  checkInId: IdSchema,
  venueId: IdSchema,
  day: DaySchema,
  officeKeyId: IdSchema,
  departureBucket: v.nullable(BucketSchema),
  /** base64url inner envelope. */
  inner: sealedEnvelope(CHECKIN_INNER),
});
export type ReleasedCheckIn = v.InferOutput<typeof ReleasedCheckInSchema>;

/** Both what a request carries and what opens a case: the employee's signed entry for the audit chain. */
const RequestBodySchema = v.strictObject({ request: DataRequestSchema, audit: SignedAuditEntrySchema });
const AuditOnlySchema = v.strictObject({ audit: SignedAuditEntrySchema });
/** What checking a request can refuse, besides the audit entry: case, signature, venue, basis. */
const REQUEST_ERRORS = [
  'unknown_case',
  'case_closed',
  'wrong_case',
  'other_office',
  'not_your_signature',
  'office_not_certified',
  'bad_request_signature',
  'unknown_venue',
  'wrong_reference',
  'not_a_case_visit',
  'reason_required',
  'request_exists',
  ...AUDITED_ERRORS,
] as const;

export const officeCaseRoutes = {
  open: route({
    method: 'POST',
    path: '/api/office/cases',
    access: 'office',
    body: v.strictObject({
      caseId: IdSchema,
      /** Set when the case takes over a visit another office forwarded. */
      forwardId: v.optional(IdSchema),
      /** Set for an index case without the app: why the office opens a case (it has no TAN); the case then has no visits. */
      withoutApp: v.optional(v.strictObject({ reason: v.pipe(v.string(), v.maxLength(480), ControlFree) })),
      reference: ReferenceSchema,
      /** Without a forward or a reason: the visits the employee ticked in the history the TAN opened. */
      visits: v.pipe(v.array(CaseVisitSchema), v.maxLength(MAX_CASE_VISITS)),
      audit: SignedAuditEntrySchema,
    }),
    status: 201,
    response: v.strictObject({ caseId: IdSchema }),
    errors: [
      'office_not_certified',
      'case_exists',
      'no_source',
      'unknown_forward',
      'forward_taken',
      'reason_required',
      'bad_visit',
      'unknown_visit_venue',
      ...AUDITED_ERRORS,
    ],
  }),
  /** The office's cases, newest first. */
  list: route({
    method: 'GET',
    path: '/api/office/cases',
    access: 'office',
    response: v.strictObject({ cases: v.pipe(v.array(CaseSummarySchema), v.maxLength(MAX_CASES)) }),
    errors: [],
  }),
  detail: route({
    method: 'GET',
    path: '/api/office/cases/:caseId',
    access: 'office',
    params: CaseParams,
    response: v.strictObject({
      case: v.strictObject({ ...CaseSummarySchema.entries, visits: v.pipe(v.array(CaseVisitSchema), v.maxLength(MAX_CASE_VISITS)) }),
      requests: v.pipe(v.array(CaseRequestSchema), v.maxLength(MAX_CASE_REQUESTS)),
      released: v.pipe(v.array(ReleasedCheckInSchema), v.maxLength(MAX_CASE_RELEASES)),
      /** The office's progress per contact person it has marked (the others are still to call); `person` absent: the one who checked in. */
      contacts: v.pipe(
        v.array(v.strictObject({ checkInId: IdSchema, person: v.optional(CompanionIndexSchema), status: ContactStatusSchema })),
        v.maxLength(MAX_CASE_RELEASES * PARTY_LIMIT),
      ),
      /** Visits of the case forwarded to the offices of their venues, and whether those took them over. */
      forwards: v.pipe(
        v.array(v.strictObject({ request: DataRequestSchema, toOfficeName: OfficeCertificateSchema.entries.name, taken: v.boolean() })),
        v.maxLength(MAX_CASE_REQUESTS),
      ),
    }),
    errors: ['unknown_case'],
  }),
  /** A signed request to a venue of the office's own area. */
  request: route({
    method: 'POST',
    path: '/api/office/cases/:caseId/requests',
    access: 'office',
    params: CaseParams,
    body: RequestBodySchema,
    status: 201,
    response: v.strictObject({ requestId: IdSchema, status: v.literal('pending') }),
    errors: [...REQUEST_ERRORS, 'forward_required'],
  }),
  /** A visit at a venue of another office, into that office's inbox. */
  forward: route({
    method: 'POST',
    path: '/api/office/cases/:caseId/forwards',
    access: 'office',
    params: CaseParams,
    body: RequestBodySchema,
    status: 201,
    response: v.strictObject({ forwarded: v.literal(true), toOfficeId: IdSchema }),
    errors: [...REQUEST_ERRORS, 'own_venue'],
  }),
  contactStatus: route({
    method: 'PUT',
    path: '/api/office/cases/:caseId/contacts/:checkInId',
    access: 'office',
    params: v.object({ caseId: IdSchema, checkInId: IdSchema }),
    /** `person`: a companion of that check-in; absent: the one who checked in. */
    body: v.strictObject({ status: ContactStatusSchema, person: v.optional(CompanionIndexSchema) }),
    response: v.strictObject({ status: ContactStatusSchema }),
    errors: ['unknown_case', 'case_closed', 'unknown_contact'],
  }),
  /** An entry of its own for the chain: results decrypted, or exported. */
  audit: route({
    method: 'POST',
    path: '/api/office/cases/:caseId/audit',
    access: 'office',
    params: CaseParams,
    body: AuditOnlySchema,
    status: 201,
    response: v.strictObject({ seq: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
    errors: ['unknown_case', ...AUDITED_ERRORS],
  }),
  close: route({
    method: 'POST',
    path: '/api/office/cases/:caseId/close',
    access: 'office',
    params: CaseParams,
    body: AuditOnlySchema,
    response: v.strictObject({ status: v.literal('closed') }),
    errors: ['unknown_case', 'case_closed', ...AUDITED_ERRORS],
  }),
} as const;

export type CaseDetail = ResponseOf<typeof officeCaseRoutes.detail>;
