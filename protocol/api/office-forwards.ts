/**
 * The inbox of visits other offices forwarded (a guest of theirs visited a venue of ours): the
 * request as the other office signed it, with that office's certificate (the browser verifies it
 * up to the pinned root) and the venue's card. Taking one over opens a case with its `forwardId`
 * (office-cases.ts), which marks it taken.
 */
import * as v from 'valibot';
import { DataRequestSchema } from '../data-request.ts';
import { OfficeCertificateSchema } from '../hierarchy.ts';
import { VenueCardSchema } from '../venue.ts';
import { IdSchema, TimeMsSchema } from '../wire-primitives.ts';
import { route } from './route.ts';

export const ForwardSchema = v.strictObject({
  id: IdSchema,
  request: DataRequestSchema,
  fromOffice: OfficeCertificateSchema,
  /** null if the venue is gone. */
  venue: v.nullable(VenueCardSchema),
  createdAt: TimeMsSchema,
  /** The receiving office's own case, once taken over. */
  takenCaseId: v.nullable(IdSchema),
});
export type Forward = v.InferOutput<typeof ForwardSchema>;

export const officeForwardRoutes = {
  /** Newest first. */
  inbox: route({
    method: 'GET',
    path: '/api/office/forwards',
    access: 'office',
    // Answered whole: far more than an office receives.
    response: v.strictObject({ forwards: v.pipe(v.array(ForwardSchema), v.maxLength(100_000)) }),
    errors: [],
  }),
} as const;
