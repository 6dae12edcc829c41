/**
 * Sharing a visit history by TAN (PROTOCOL.md "Shared history and transfers"): the guest's
 * device uploads the sealed history with the hash of the TAN's lookup part; an admitted office
 * employee redeems the lookup part of the TAN the guest reads out, signing the redemption into
 * the office's audit chain. The TAN's secret part never reaches the server.
 */
import * as v from 'valibot';
import { SignedAuditEntrySchema } from '../audit-log.ts';
import { MAX_HISTORY_CIPHERTEXT_LENGTH } from '../schemas.ts';
import { Digest32Schema, IdSchema, TimeMsSchema, base64url } from '../wire-primitives.ts';
import { AUDITED_ERRORS, route } from './route.ts';

export const transferRoutes = {
  create: route({
    method: 'POST',
    path: '/api/transfers',
    access: 'public',
    body: v.strictObject({
      officeId: IdSchema,
      officeKeyId: IdSchema,
      /** SHA-256 of the lookup part of the TAN the guest's device drew (protocol/tan.ts lookupHash); the rest of the TAN stays on the device. */
      lookupHash: Digest32Schema,
      ciphertext: base64url(100, MAX_HISTORY_CIPHERTEXT_LENGTH),
    }),
    status: 201,
    response: v.strictObject({ expiresAt: TimeMsSchema }),
    errors: ['wrong_office_key', 'stale_office_key', 'tan_taken'],
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
      ciphertext: base64url(100, MAX_HISTORY_CIPHERTEXT_LENGTH),
      createdAt: TimeMsSchema,
      expiresAt: TimeMsSchema,
    }),
    errors: ['bad_tan', 'unknown_tan', 'tan_expired', 'tan_locked', 'other_office', 'case_exists', ...AUDITED_ERRORS],
  }),
} as const;
