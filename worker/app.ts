/**
 * The Worker's HTTP surface: one router per resource under /api, one error envelope, a body size
 * limit on every request. Everything outside /api is served from the built static assets, after
 * the origin check: the health office's app and routes only on the office's own origin, the rest
 * of the apps only on the app origin (worker/http/hosts.ts, PROTOCOL.md "Origins").
 */
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import { openToAnyOrigin } from './http/cors.ts';
import { bodyLimit } from './http/body-limit.ts';
import { ApiFailure, handleError } from './http/errors.ts';
import { apiSecurityHeaders } from './http/security-headers.ts';
import { checkInsRouter } from './routes/checkins.ts';
import { healthRouter } from './routes/health.ts';
import { officesRouter } from './routes/offices.ts';
import { officeRouter } from './routes/office/index.ts';
import { transfersRouter } from './routes/transfers.ts';
import { authRouter } from './routes/auth.ts';
import { venueAdminRouter } from './routes/venue-admin.ts';
import { venuesRouter } from './routes/venues.ts';
import { warningsRouter } from './routes/warnings.ts';
import { serveWidgetAsset } from './widget-pages.ts';
import { officeOriginServesOnlyOffice, onItsOrigin, servePage } from './http/origin-routing.ts';

/** Larger than any valid request but a check-in's, small enough to refuse floods early. */
export const MAX_BODY_BYTES = 16 * 1024;
/**
 * A check-in: a guest alone or with a few companions sends about 3.5 KB; the largest group's outer
 * layer (22,784 bytes padded, protocol/checkin.ts `outerSizeFor`) is 30,488 characters of base64url
 * plus the other fields.
 */
export const MAX_CHECKIN_BODY_BYTES = 40 * 1024;
/** A shared history is the one large body: up to 128,000 characters of ciphertext. */
export const MAX_TRANSFER_BODY_BYTES = 136 * 1024;

/**
 * A venue's answer carries the released inner layers: up to 5,000 of about 1.5 KB each (a guest
 * alone or a small group), with room for larger groups among them.
 */
export const MAX_RELEASE_BODY_BYTES = 12 * 1024 * 1024;
export const MAX_OFFICE_KEYS_BODY_BYTES = 4 * 1024 * 1024;
/**
 * An admission seals every key the admin's browser holds to the new colleague: up to 121 grants
 * (the identity key and 120 kept days, MAX_GRANTS_PER_ADMISSION) of about 420 bytes each, and the
 * certificate: about 52 KB.
 */
export const MAX_ADMISSION_BODY_BYTES = 96 * 1024;

function limitFor(path: string): number {
  if (path === '/api/transfers') return MAX_TRANSFER_BODY_BYTES;
  if (path === '/api/checkins') return MAX_CHECKIN_BODY_BYTES;
  if (/^\/api\/venue-admin\/requests\/[^/]+\/approve$/.test(path)) return MAX_RELEASE_BODY_BYTES;
  // New daily keys come with a grant per employee: up to 16 days of a few hundred staff.
  if (path === '/api/office/keys/daily-keys') return MAX_OFFICE_KEYS_BODY_BYTES;
  if (path === '/api/office/keys/grants') return MAX_ADMISSION_BODY_BYTES;
  return MAX_BODY_BYTES;
}

/**
 * The one API route other websites call from the browser: cancelling a booking with the widget's
 * cancel token (`<checkInId>.<secret>`), which a booking site keeps and uses without the widget's
 * frame (docs/PROTOCOL.md "Check-in", Cancel). It takes no cookie; the secret is its only authority.
 */
const cancelFromAnyOrigin = openToAnyOrigin({ methods: ['POST'], headers: ['content-type'], maxAgeSeconds: 7200 });

const api = new Hono<AppEnv>()
  .use(apiSecurityHeaders)
  // Before the body limit, so that its 413 is readable by the calling page too.
  .use('/checkins/:checkInId/cancel', cancelFromAnyOrigin)
  .use(bodyLimit(limitFor))
  // After the body limit, which reads every body to its end: a 421 goes out once the upload is done.
  .use(onItsOrigin)
  .route('/health', healthRouter)
  .route('/offices', officesRouter)
  .route('/venues', venuesRouter)
  .route('/checkins', checkInsRouter)
  .route('/transfers', transfersRouter)
  .route('/auth', authRouter)
  .route('/venue-admin', venueAdminRouter)
  .route('/office', officeRouter)
  .route('/warnings', warningsRouter);

export const app = new Hono<AppEnv>()
  .use(officeOriginServesOnlyOffice)
  .route('/api', api)
  .get('/widget/*', serveWidgetAsset)
  .onError(handleError);
// Mounted routers share the top-level not-found handler: API paths get the envelope, the rest
// are static files, each served only on its own origin (wrangler.toml runs the Worker first).
app.notFound((c) => {
  if (c.req.path === '/api' || c.req.path.startsWith('/api/')) throw new ApiFailure(404, 'not_found', 'No such API route.');
  return servePage(c);
});

export type AppType = typeof app;
