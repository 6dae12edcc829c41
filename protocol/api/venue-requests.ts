/**
 * The venue's inbox of health-office requests (trust model 2, 6): the requests about the
 * operator's venues with the offices' certificates (the browser verifies the signatures up to
 * the pinned root), the sealed check-ins around a pending request's window, the answer (approve
 * with the inner layers the browser selected, still sealed to the office, or decline with a
 * reason), each answer with the venue's signed entry for the office's audit chain, and the
 * entries of every office's chain about the operator's venues.
 */
import * as v from 'valibot';
import { ChainedAuditEntrySchema, SignedAuditEntrySchema } from '../audit-log.ts';
import { DataRequestSchema } from '../data-request.ts';
import { OfficeCertificateSchema } from '../hierarchy.ts';
import { RevocationStateSchema } from '../revocation.ts';
import { BucketSchema, DaySchema, IdSchema, TimeMsSchema } from '../wire-primitives.ts';
import { CHECKIN_INNER, CHECKIN_OUTER, sealedEnvelope } from '../sealed-size.ts';
import { AUDITED_ERRORS, route } from './route.ts';

/** The most check-ins one approval releases. */
export const MAX_RELEASES = 5000;
/**
 * Bounds of lists the Worker does not page: requests and audit entries are kept, so these are
 * set far above what one operator meets; the candidates are four days (the longest window and
 * the day before it) of one venue's arrivals.
 */
const MAX_INBOX = 10_000;
const MAX_AUDIT_ENTRIES = 50_000;
const MAX_CANDIDATES = 50_000;

/** A request about one of the operator's venues, with its office's certificate and the venue's answer so far. */
export const InboxEntrySchema = v.strictObject({
  request: DataRequestSchema,
  office: OfficeCertificateSchema,
  /** The office's newest revocation state: the venue refuses a request of a removed employee (protocol/revocation.ts). */
  revocation: v.nullable(RevocationStateSchema),
  status: v.picklist(['pending', 'approved', 'declined']),
  declineReason: v.nullable(v.pipe(v.string(), v.maxLength(500))),
  answeredAt: v.nullable(TimeMsSchema),
  releasedCount: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RELEASES))),
});
export type InboxEntry = v.InferOutput<typeof InboxEntrySchema>;

/** A stored check-in near a request's window: its outer layer is the venue's to open. */
export const CandidateCheckInSchema = v.strictObject({
  id: IdSchema,
  day: DaySchema,
  officeKeyId: IdSchema,
  arrivalBucket: BucketSchema,
  departureBucket: v.nullable(BucketSchema),
  ciphertext: sealedEnvelope(CHECKIN_OUTER),
});
export type CandidateCheckIn = v.InferOutput<typeof CandidateCheckInSchema>;

/** A released inner layer: the check-in's id and its inner ciphertext, sealed to the office's daily key. */
export const ReleaseSchema = v.strictObject({ checkInId: IdSchema, inner: sealedEnvelope(CHECKIN_INNER) });
export type Release = v.InferOutput<typeof ReleaseSchema>;

const RequestParams = v.object({ requestId: IdSchema });

export const venueRequestRoutes = {
  /** Newest first. */
  requests: route({
    method: 'GET',
    path: '/api/venue-admin/requests',
    access: 'venue',
    response: v.strictObject({ requests: v.pipe(v.array(InboxEntrySchema), v.maxLength(MAX_INBOX)) }),
    errors: [],
  }),
  /** The venue's check-ins whose stays may overlap a pending request's window. */
  checkIns: route({
    method: 'GET',
    path: '/api/venue-admin/requests/:requestId/checkins',
    access: 'venue',
    params: RequestParams,
    response: v.strictObject({ checkIns: v.pipe(v.array(CandidateCheckInSchema), v.maxLength(MAX_CANDIDATES)) }),
    errors: ['unknown_request', 'already_answered'],
  }),
  /** Releases the selected inner layers; the venue's signed entry must state how many. */
  approve: route({
    method: 'POST',
    path: '/api/venue-admin/requests/:requestId/approve',
    access: 'venue',
    params: RequestParams,
    body: v.strictObject({
      released: v.pipe(v.array(ReleaseSchema), v.maxLength(MAX_RELEASES)),
      /** The venue's signed entry for the office's audit chain (trust model 6). */
      audit: SignedAuditEntrySchema,
    }),
    response: v.strictObject({
      status: v.literal('approved'),
      releasedCount: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RELEASES)),
    }),
    errors: ['unknown_request', 'already_answered', 'duplicate_release', 'not_in_window', ...AUDITED_ERRORS],
  }),
  decline: route({
    method: 'POST',
    path: '/api/venue-admin/requests/:requestId/decline',
    access: 'venue',
    params: RequestParams,
    body: v.strictObject({ reason: v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(500)), audit: SignedAuditEntrySchema }),
    response: v.strictObject({ status: v.literal('declined') }),
    errors: ['unknown_request', 'already_answered', ...AUDITED_ERRORS],
  }),
  /** Every office's audit entries about the operator's venues, oldest first (forwards between offices left out). */
  audit: route({
    method: 'GET',
    path: '/api/venue-admin/requests/audit',
    access: 'venue',
    response: v.strictObject({ entries: v.pipe(v.array(ChainedAuditEntrySchema), v.maxLength(MAX_AUDIT_ENTRIES)) }),
    errors: [],
  }),
} as const;
