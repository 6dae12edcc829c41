/**
 * Check-ins (PROTOCOL.md "Check-in"): the device uploads the outer ciphertext with the coarse
 * times trust model 1 allows beside it, checks out and asks about its pre-registrations with the
 * secret only it holds (trust model 9); a booking website cancels a pre-registration with the
 * widget's cancel token. Every route is public: the checkout secret is the only authority.
 */
import * as v from 'valibot';
import { BucketSchema, DaySchema, Digest32Schema, IdSchema, SignatureSchema, TimeMsSchema } from '../wire-primitives.ts';
import { CHECKIN_OUTER, sealedEnvelope } from '../sealed-size.ts';
import { route } from './route.ts';

/** A kiosk's rotating code, as the guest scanned it (protocol/kiosk-code.ts). */
export const KioskTokenSchema = v.strictObject({
  period: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1e12)),
  signature: SignatureSchema,
});

export const CreateCheckInSchema = v.strictObject({
  /** Drawn by the device, so that an upload retried from the offline queue is recognised. */
  id: IdSchema,
  venueId: IdSchema,
  day: DaySchema,
  officeKeyId: IdSchema,
  arrivalBucket: BucketSchema,
  /** Only for pre-registrations, whose end is known in advance. */
  departureBucket: v.optional(BucketSchema),
  ciphertext: sealedEnvelope(CHECKIN_OUTER),
  checkoutHash: Digest32Schema,
  /** A kiosk's rotating code, when the guest scanned one. */
  kiosk: v.optional(KioskTokenSchema),
});
/** The wire request of a check-in, as protocol/seal-visit.ts seals it. */
export type CreateCheckIn = v.InferOutput<typeof CreateCheckInSchema>;

export const CheckOutSchema = v.strictObject({
  secret: Digest32Schema,
  /** When the guest left (the device's clock); a queued checkout is sent later than it happened. */
  departedAt: TimeMsSchema,
});
export type CheckOut = v.InferOutput<typeof CheckOutSchema>;

/** Proving a check-in's secret: deleting a pre-registration (the secret from the widget's cancel token, protocol/widget.ts), or asking whether it is still stored. */
export const CancelCheckInSchema = v.strictObject({ secret: Digest32Schema });

const CheckInParams = v.object({ checkInId: IdSchema });

export const checkInRoutes = {
  /**
   * Stores a check-in: 201 `{id}`; a retry of one stored earlier (same id and content) 200
   * `{id, duplicate: true}`, storing nothing.
   */
  create: route({
    method: 'POST',
    path: '/api/checkins',
    access: 'public',
    body: CreateCheckInSchema,
    status: 201,
    retryStatus: 200,
    response: v.strictObject({ id: IdSchema, duplicate: v.optional(v.literal(true)) }),
    errors: [
      'wrong_day',
      'day_out_of_range',
      'bad_window',
      'unknown_venue',
      'venue_not_live',
      'stale_kiosk_code',
      'kiosk_code_required',
      'wrong_office_key',
      'id_taken',
    ],
  }),
  /** The departure as a bucket; a retried checkout keeps the first (an earlier one may shorten a booked stay). */
  checkOut: route({
    method: 'POST',
    path: '/api/checkins/:checkInId/checkout',
    access: 'public',
    params: CheckInParams,
    body: CheckOutSchema,
    response: v.strictObject({ id: IdSchema, departureBucket: BucketSchema }),
    errors: ['checkout_refused', 'bad_departure'],
  }),
  /** Whether a check-in is still stored (a booking the venue's website may have cancelled): unknown and wrong secret alike are `checkout_refused`. */
  state: route({
    method: 'POST',
    path: '/api/checkins/:checkInId/state',
    access: 'public',
    params: CheckInParams,
    body: CancelCheckInSchema,
    response: v.strictObject({ id: IdSchema, stored: v.literal(true) }),
    errors: ['checkout_refused'],
  }),
  /**
   * Deletes a pre-registration before its booked time: the one route open to every origin
   * (worker/app.ts). The widget's loader calls it without this module (widget/cancel-registration.ts
   * stays small); worker/routes/cancel-cross-origin.test.ts holds the answers to what it reads.
   */
  cancel: route({
    method: 'POST',
    path: '/api/checkins/:checkInId/cancel',
    access: 'public',
    params: CheckInParams,
    body: CancelCheckInSchema,
    response: v.strictObject({ id: IdSchema, cancelled: v.literal(true) }),
    errors: ['cancel_refused', 'visit_started'],
  }),
} as const;
