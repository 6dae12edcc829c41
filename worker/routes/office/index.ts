/**
 * The health-office API under /api/office: every route behind a signed-in office account (except
 * joining with a code), every write same-origin only.
 */
import { Hono } from 'hono';
import { sameOriginWrites } from '../../auth/session.ts';
import type { AppEnv } from '../../env.ts';
import { officeAuditRouter } from './audit-log.ts';
import { officeCasesRouter } from './cases.ts';
import { officeForwardsRouter } from './forwards.ts';
import { officeJoinRouter } from './join.ts';
import { officeKeysRouter } from './keys.ts';
import { officeStaffRouter } from './staff.ts';
import { officeVenuesRouter } from './venues.ts';
import { officeWarningsRouter } from './warnings.ts';

export const officeRouter = new Hono<AppEnv>()
  .use(sameOriginWrites)
  .route('/join', officeJoinRouter)
  .route('/', officeStaffRouter)
  .route('/keys', officeKeysRouter)
  .route('/cases', officeCasesRouter)
  .route('/forwards', officeForwardsRouter)
  .route('/audit', officeAuditRouter)
  .route('/venues', officeVenuesRouter)
  .route('/', officeWarningsRouter);
