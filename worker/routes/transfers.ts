/**
 * Sharing a visit history with a health office by TAN (trust model 5).
 *
 * Create: the guest's device draws the TAN, seals the history to the office's verified daily key
 * bound to the whole TAN, and uploads it with the hash of the TAN's lookup part (its first six
 * symbols). Redeem: the office sends the lookup part of the TAN the guest read out. This server
 * never learns the TAN's secret part, so it cannot make a history that opens in the office's
 * browser: one it sealed itself, or another guest's, fails to decrypt there (a 2^-25 chance per try
 * of guessing the secret, and a failed try is seen). Every attempt spends the client's TAN budget
 * (guessing is cut off after a few tries a minute), a TAN expires after 24 hours, and a TAN
 * presented by another office a few times is locked.
 */
import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { newId } from '../../protocol/ids.ts';
import { transferRoutes } from '../../protocol/api/transfers.ts';
import { lookupHash, parseTanLookup } from '../../protocol/tan.ts';
import { HOUR_MS, addDays, dayOf } from '../../protocol/time.ts';
import { database } from '../db/client.ts';
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
/** Redemptions by another office before the TAN is locked. */
export const MAX_FOREIGN_ATTEMPTS = 3;

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
    const inserted = await db
      .insert(transfers)
      .values({
        id: newId(),
        tanHash: body.lookupHash,
        officeId: body.officeId,
        officeKeyId: body.officeKeyId,
        ciphertext: body.ciphertext,
        createdAt: now,
        expiresAt,
      })
      .onConflictDoNothing()
      .returning({ id: transfers.id });
    if (inserted.length === 0) throw new ApiFailure(409, 'tan_taken', 'This TAN is already in use; draw another.');
    return reply(c, transferRoutes.create, { expiresAt });
  })
  // Only signed-in, admitted office staff redeem, for their own office (trust model 5, 12).
  .post(
    '/redeem',
    rateLimit('tan', 'TAN_LIMITER'),
    sameOriginWrites,
    requireStaff('active'),
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
      if (!transfer) throw new ApiFailure(404, 'unknown_tan', 'No shared history has this TAN. Please check it with the guest.');
      if (transfer.expiresAt < now)
        throw new ApiFailure(410, 'tan_expired', 'This TAN has expired. Ask the guest to share the history again.');
      if (transfer.failedAttempts >= MAX_FOREIGN_ATTEMPTS)
        throw new ApiFailure(410, 'tan_locked', 'This TAN is locked. Ask the guest to share the history again.');
      if (transfer.officeId !== officeId) {
        await db
          .update(transfers)
          .set({ failedAttempts: sql`${transfers.failedAttempts} + 1` })
          .where(eq(transfers.id, transfer.id));
        throw new ApiFailure(403, 'other_office', 'This history was shared with another health office.');
      }
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
