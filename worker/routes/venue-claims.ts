/**
 * Taking over a venue with a one-time code (protocol/venue-claim.ts): for venues whose keys the
 * deployment holds (the local demo venues, which no operator account holds until someone takes
 * them over). The signed-in operator types the code; the venue becomes theirs unless another
 * account holds it, the code is spent, and the keys sealed under it are handed to the browser
 * once and erased here in the same batch (with the bundles of any other code for that venue:
 * a held venue has no bundle left on the server). The browser opens them with the code.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { venueAdminRoutes } from '../../protocol/api/venue-admin.ts';
import { claimCodeHash, parseClaimCode } from '../../protocol/venue-claim.ts';
import { database } from '../db/client.ts';
import { venueClaimCodes, venues } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';
import { view } from '../venues/own-venue.ts';

export const venueClaimsRouter = new Hono<AppEnv>().post(
  '/',
  rateLimit('venue-claim', 'TAN_LIMITER'),
  validate('json', venueAdminRoutes.claim.body),
  async (c) => {
    let code: string;
    try {
      code = parseClaimCode(c.req.valid('json').code);
    } catch {
      throw new ApiFailure(400, 'bad_code', 'A takeover code has 24 characters (letters and digits).', 'code');
    }
    const codeHash = await claimCodeHash(code);
    const accountId = c.get('account').id;
    const db = database(c.env.DB);
    const now = Date.now();
    const usable = and(eq(venueClaimCodes.codeHash, codeHash), isNull(venueClaimCodes.usedAt), gt(venueClaimCodes.expiresAt, now));
    const claim = await db.query.venueClaimCodes.findFirst({ where: usable });
    if (!claim?.bundle) throw new ApiFailure(404, 'unknown_claim_code', 'This takeover code is unknown, used or expired.', 'code');
    const held = await db.query.venues.findFirst({ where: eq(venues.id, claim.venueId), columns: { operatorId: true } });
    if (held?.operatorId && held.operatorId !== accountId)
      throw new ApiFailure(409, 'venue_claimed', 'Another account holds this venue.', 'code');

    // One transaction, each step conditioned on the one before, so that a second tab or another
    // operator racing for the same code or venue changes nothing: the venue becomes the caller's
    // only while the code is usable, the code is spent only if the venue is now the caller's, and
    // the venue's other codes lose their bundles only if this code was spent by this request.
    const [, spent] = await db.batch([
      db
        .update(venues)
        .set({ operatorId: accountId })
        .where(
          and(
            eq(venues.id, claim.venueId),
            sql`(${venues.operatorId} IS NULL OR ${venues.operatorId} = ${accountId})`,
            sql`EXISTS (SELECT 1 FROM venue_claim_codes WHERE code_hash = ${codeHash} AND used_at IS NULL AND expires_at > ${now})`,
          ),
        ),
      db
        .update(venueClaimCodes)
        .set({ usedAt: now, usedBy: accountId, bundle: null })
        .where(and(usable, sql`EXISTS (SELECT 1 FROM venues WHERE id = ${claim.venueId} AND operator_id = ${accountId})`))
        .returning({ codeHash: venueClaimCodes.codeHash }),
      db
        .update(venueClaimCodes)
        .set({ usedAt: now, bundle: null })
        .where(
          and(
            eq(venueClaimCodes.venueId, claim.venueId),
            isNull(venueClaimCodes.usedAt),
            sql`EXISTS (SELECT 1 FROM venue_claim_codes WHERE code_hash = ${codeHash} AND used_by = ${accountId} AND used_at = ${now})`,
          ),
        ),
    ]);
    if (spent.length === 0) {
      const holder = await db.query.venues.findFirst({ where: eq(venues.id, claim.venueId), columns: { operatorId: true } });
      if (holder?.operatorId !== accountId)
        throw new ApiFailure(409, 'venue_claimed', 'Another account took over this venue just now.', 'code');
      throw new ApiFailure(404, 'unknown_claim_code', 'This takeover code was used just now.', 'code');
    }
    const venue = await db.query.venues.findFirst({ where: eq(venues.id, claim.venueId) });
    if (!venue) throw new ApiFailure(404, 'unknown_claim_code', 'The venue of this code no longer exists.', 'code');
    return reply(c, venueAdminRoutes.claim, { venue: view(venue), bundle: claim.bundle });
  },
);
