/**
 * Sharing a visit history with a health office by TAN (trust model 5).
 *
 * Create: the guest's device draws the TAN's secret part, seals the history to the office's
 * verified daily key bound to it, and uploads it; this Worker draws the TAN's lookup part (its
 * first six symbols) with the CSPRNG, stores only its hash, and answers the lookup. No client
 * chooses a lookup, so an upload cannot test whether another exists, and a drawn lookup that is
 * taken is drawn again here, never stored over the other. Redeem: the office sends the lookup part
 * of the TAN the guest read out. A TAN shared with another office is answered exactly like one
 * never drawn, so nobody without the right office's session learns that it exists, and nothing
 * another office does changes it. This server never learns the secret part, so it cannot make a
 * history that opens in the office's browser: one it sealed itself, or another guest's, fails to
 * decrypt there (a 2^-25 chance per try, and a failed try is seen). Guessing lookups is cut off
 * by each employee's TAN budget, and a TAN expires after 24 hours.
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { newId } from '../../protocol/ids.ts';
import { transferRoutes } from '../../protocol/api/transfers.ts';
import { drawTanLookup, lookupHash, parseTanLookup } from '../../protocol/tan.ts';
import { HOUR_MS, addDays, dayOf } from '../../protocol/time.ts';
import { type Database, database } from '../db/client.ts';
import { cases, officeDailyKeys, transfers } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';
import { sameOriginWrites } from '../auth/session.ts';
import { employeeActor, requireStaff } from '../auth/office-staff.ts';
import { appendWithAction, checkAuditEntry } from '../audit/append.ts';

export const TAN_VALIDITY_MS = 24 * HOUR_MS;
/**
 * Draws before giving up. With 30 bits of lookup and 10,000 live transfers one draw in 10^5
 * collides, so eight in a row do not happen; the loop only keeps a collision from ever overwriting.
 */
export const MAX_LOOKUP_DRAWS = 8;

type NewTransfer = Omit<typeof transfers.$inferInsert, 'tanHash'>;

/**
 * Stores `row` under a fresh lookup and returns the lookup. The unique index on `tan_hash` and
 * ON CONFLICT DO NOTHING make a taken lookup a failed insert, after which another is drawn; the
 * row already stored under it is never touched. `draw` is the CSPRNG's, or a test's.
 */
export async function insertUnderFreshLookup(db: Database, row: NewTransfer, draw: () => string = drawTanLookup): Promise<string> {
  for (let attempt = 0; attempt < MAX_LOOKUP_DRAWS; attempt++) {
    const lookup = draw();
    const inserted = await db
      .insert(transfers)
      .values({ ...row, tanHash: await lookupHash(lookup) })
      .onConflictDoNothing()
      .returning({ id: transfers.id });
    if (inserted.length > 0) return lookup;
  }
  throw new Error(`no free TAN lookup in ${MAX_LOOKUP_DRAWS} draws`);
}

export const transfersRouter = new Hono<AppEnv>()
  .post('/', rateLimit('transfer', 'TRANSFER_LIMITER'), validate('json', transferRoutes.create.body), async (c) => {
    const body = c.req.valid('json');
    const db = database(c.env.DB);
    const key = await db.query.officeDailyKeys.findFirst({ where: eq(officeDailyKeys.keyId, body.officeKeyId) });
    const today = dayOf(Date.now());
    if (!key || key.officeId !== body.officeId) {
      throw new ApiFailure(422, 'wrong_office_key', 'The history is not encrypted to a key of this health office.');
    }
    if (key.day !== today && key.day !== addDays(today, -1)) {
      throw new ApiFailure(422, 'stale_office_key', "Use the health office's key of today.");
    }
    const now = Date.now();
    const expiresAt = now + TAN_VALIDITY_MS;
    const lookup = await insertUnderFreshLookup(db, {
      id: newId(),
      officeId: body.officeId,
      officeKeyId: body.officeKeyId,
      ciphertext: body.ciphertext,
      createdAt: now,
      expiresAt,
    });
    return reply(c, transferRoutes.create, { lookup, expiresAt });
  })
  // Only signed-in, admitted office staff redeem, for their own office (trust model 5, 12).
  .post(
    '/redeem',
    sameOriginWrites,
    requireStaff('active'),
    // After the guard: each employee's own budget, which nobody else at their address can spend.
    rateLimit('tan', 'TAN_LIMITER'),
    validate('json', transferRoutes.redeem.body),
    async (c) => {
      const { lookup: typed, caseId, audit } = c.req.valid('json');
      const staff = c.get('staff');
      const officeId = staff.officeId;
      let lookup: string;
      try {
        lookup = parseTanLookup(typed);
      } catch (error) {
        throw new ApiFailure(400, 'bad_tan', error instanceof Error ? error.message : 'not a TAN lookup');
      }
      const db = database(c.env.DB);
      const transfer = await db.query.transfers.findFirst({ where: eq(transfers.tanHash, await lookupHash(lookup)) });
      const now = Date.now();
      // Another office's TAN is unknown here, in status, code and message alike: no answer tells a
      // caller that a TAN exists unless it is theirs, and no attempt changes the transfer.
      if (!transfer || transfer.officeId !== officeId)
        throw new ApiFailure(404, 'unknown_tan', 'No shared history for your office has this TAN. Please check it with the guest.');
      if (transfer.expiresAt < now)
        throw new ApiFailure(410, 'tan_expired', 'This TAN has expired. Ask the guest to share the history again.');
      // Reading an index case's history is itself a tracing step: signed into the audit chain with
      // the case it is for. A TAN that already founded a case opens no second one.
      await checkAuditEntry(audit, { kind: 'tan_redeemed', officeId, caseId, actor: employeeActor(staff) });
      if (
        transfer.caseId !== null &&
        transfer.caseId !== caseId &&
        (await db.query.cases.findFirst({ where: eq(cases.id, transfer.caseId), columns: { id: true } }))
      ) {
        throw new ApiFailure(409, 'case_exists', 'A case was already opened from this TAN; find it in the list of cases.');
      }
      await appendWithAction(c.env.DB, audit, () => [
        c.env.DB.prepare('UPDATE transfers SET redeemed_at = COALESCE(redeemed_at, ?1), case_id = ?2 WHERE id = ?3').bind(
          now,
          caseId,
          transfer.id,
        ),
      ]);
      return reply(c, transferRoutes.redeem, {
        officeId: transfer.officeId,
        officeKeyId: transfer.officeKeyId,
        ciphertext: transfer.ciphertext,
        createdAt: transfer.createdAt,
        expiresAt: transfer.expiresAt,
      });
    },
  );
