/**
 * The warnings health offices sent to the guests of the operator's venues (trust model 6, 19),
 * signed as the guests' apps get them, so the venue app can check each up to the pinned root and
 * against the office's audit entries about the venue, like the requests in its inbox.
 */
import * as v from 'valibot';
import { OfficeCertificateSchema } from '../hierarchy.ts';
import { RevocationStateSchema } from '../revocation.ts';
import { WarningSchema, WithdrawalSchema } from '../warning.ts';
import { route } from './route.ts';

/** Far above what one operator's venues meet in 28 days (warnings are purged with the feed). */
const MAX_VENUE_WARNINGS = 10_000;

export const VenueWarningSchema = v.strictObject({
  warning: WarningSchema,
  withdrawal: v.nullable(WithdrawalSchema),
  /** The warning office's certificate and newest revocation state: the signer is checked against them. */
  office: OfficeCertificateSchema,
  revocation: v.nullable(RevocationStateSchema),
});
export type VenueWarning = v.InferOutput<typeof VenueWarningSchema>;

export const venueWarningRoutes = {
  /** Every stored warning about one of the operator's venues, newest first. */
  list: route({
    method: 'GET',
    path: '/api/venue-admin/warnings',
    access: 'venue',
    response: v.strictObject({ warnings: v.pipe(v.array(VenueWarningSchema), v.maxLength(MAX_VENUE_WARNINGS)) }),
    errors: [],
  }),
} as const;
