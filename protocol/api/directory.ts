/**
 * The public directory: liveness, the health offices with their certificates and daily keys, the
 * venues' signed cards. Served as stored; every client verifies the signatures itself (the server
 * vouches for no key).
 */
import * as v from 'valibot';
import { OfficeDirectoryEntrySchema } from '../schemas.ts';
import { VenueCardSchema } from '../venue.ts';
import { IdSchema } from '../wire-primitives.ts';
import { route } from './route.ts';

/** Origins a venue allows to embed its widget, as stored (checked again where they are used). */
const OriginListSchema = v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(20));

export const directoryRoutes = {
  health: route({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    response: v.strictObject({ status: v.literal('ok'), database: v.picklist(['ok', 'unavailable']) }),
    errors: [],
  }),
  /** Every office, with the keys of yesterday to tomorrow: what sharing a history seals to. */
  offices: route({
    method: 'GET',
    path: '/api/offices',
    access: 'public',
    response: v.strictObject({ offices: v.pipe(v.array(OfficeDirectoryEntrySchema), v.maxLength(5000)) }),
    errors: [],
  }),
  /** One office, with the keys of every day a check-in may still be sealed to. */
  office: route({
    method: 'GET',
    path: '/api/offices/:officeId',
    access: 'public',
    params: v.object({ officeId: IdSchema }),
    response: OfficeDirectoryEntrySchema,
    errors: ['unknown_office'],
  }),
  /** The lookup half of a typed venue code; the device checks the pin half itself. */
  venueByCode: route({
    method: 'GET',
    path: '/api/venues/by-code/:lookup',
    access: 'public',
    params: v.object({ lookup: v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{8}$/, 'must be 8 venue-code characters')) }),
    response: v.strictObject({ card: VenueCardSchema }),
    errors: ['unknown_venue'],
  }),
  venue: route({
    method: 'GET',
    path: '/api/venues/:venueId',
    access: 'public',
    params: v.object({ venueId: IdSchema }),
    response: v.strictObject({ card: VenueCardSchema, allowedOrigins: OriginListSchema }),
    errors: ['unknown_venue'],
  }),
  /**
   * Asked by the widget's loader from the host page (CORS): may this website, and every page it
   * is framed in (`ancestors`, space-separated), embed the venue? The loader reads the answer
   * without this module (it stays small); its tests hold it to this route.
   */
  embedding: route({
    method: 'GET',
    path: '/api/venues/:venueId/embedding',
    access: 'public',
    params: v.object({ venueId: IdSchema }),
    query: v.object({
      ancestors: v.optional(
        v.pipe(
          v.string(),
          v.maxLength(1000),
          v.regex(/^(?:https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?: |$))*$/, 'must be origins separated by spaces'),
        ),
      ),
    }),
    response: v.strictObject({ allowed: v.literal(true) }),
    errors: ['unknown_venue', 'origin_not_allowed', 'ancestor_not_allowed'],
  }),
} as const;
