/**
 * Sharing a visit history by TAN (PROTOCOL.md "Shared history and transfers"): the guest's
 * device uploads the history sealed to the TAN's secret part, and the Worker draws the TAN's
 * lookup part and answers it; an admitted office employee redeems the lookup part of the TAN the
 * guest reads out, signing the redemption into the office's audit chain. The TAN's secret part
 * never reaches the server, and no client ever chooses a lookup.
 */
import * as v from 'valibot';
import { SignedAuditEntrySchema } from '../audit-log.ts';
import { HISTORY, sealedEnvelope } from '../sealed-size.ts';
import { TAN_ALPHABET, TAN_LOOKUP_LENGTH } from '../tan.ts';
import { IdSchema, TimeMsSchema } from '../wire-primitives.ts';
import { AUDITED_ERRORS, route } from './route.ts';

/** A lookup as the Worker draws it: TAN_LOOKUP_LENGTH canonical symbols. */
const LookupSchema = v.pipe(v.string(), v.regex(new RegExp(`^[${TAN_ALPHABET}]{${TAN_LOOKUP_LENGTH}}$`), 'must be a TAN lookup'));

export const transferRoutes = {
  create: route({
    method: 'POST',
    path: '/api/transfers',
    access: 'public',
    body: v.strictObject({
      officeId: IdSchema,
      officeKeyId: IdSchema,
      /** The history sealed to the office's key, bound to the TAN's secret part (protocol/history.ts). */
      ciphertext: sealedEnvelope(HISTORY),
    }),
    status: 201,
    /** The lookup part the Worker drew (protocol/tan.ts drawTanLookup): the device completes the TAN with it. */
    response: v.strictObject({ lookup: LookupSchema, expiresAt: TimeMsSchema }),
    errors: ['wrong_office_key', 'stale_office_key'],
  }),
  redeem: route({
    method: 'POST',
    path: '/api/transfers/redeem',
    access: 'office',
    body: v.strictObject({
      /** The case the employee opens with this history (its id drawn in the browser). */
      caseId: IdSchema,
      /** The employee's signed "tan_redeemed" entry for the office's audit chain. */
      audit: SignedAuditEntrySchema,
      /** The lookup part of the TAN the guest read out (protocol/tan.ts tanLookup), never the whole TAN. */
      lookup: v.pipe(v.string(), v.maxLength(20)),
    }),
    response: v.strictObject({
      officeId: IdSchema,
      officeKeyId: IdSchema,
      ciphertext: sealedEnvelope(HISTORY),
      createdAt: TimeMsSchema,
      expiresAt: TimeMsSchema,
    }),
    // No answer tells another office, or anyone else, that a TAN exists: a TAN shared with
    // another office is unknown_tan here, like one never drawn.
    errors: ['bad_tan', 'unknown_tan', 'tan_expired', 'case_exists', ...AUDITED_ERRORS],
  }),
} as const;
