/**
 * Joining a health office with a one-time code (trust model 12): a setup code from the
 * deployment makes the office's first admin, an invite code from an admin makes an employee who
 * waits for admission. The browser creates a passkey and sends the public halves of its device
 * key and signing key; the code is spent in the same batch that creates the account.
 */
import { generateRegistrationOptions } from '@simplewebauthn/server';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { officeJoinRoutes as routes } from '../../../protocol/api/office-join.ts';
import { randomBytes, toBase64Url } from '../../../protocol/bytes.ts';
import { newId } from '../../../protocol/ids.ts';
import { officeCodeHash, parseOfficeCode } from '../../../protocol/office-keyring.ts';
import {
  RP_NAME,
  passkeyRow,
  refuseKnownCredential,
  registrationOptions,
  relyingParty,
  storeChallenge,
  takeChallenge,
  verifyNewPasskey,
} from '../../auth/ceremony.ts';
import type { ChallengeSubjectOf } from '../../auth/challenge-subject.ts';
import { startSession } from '../../auth/session.ts';
import { database } from '../../db/client.ts';
import { accounts, officeCodes, officeEmployees, offices, passkeys } from '../../db/schema.ts';
import type { AppEnv } from '../../env.ts';
import { ApiFailure } from '../../http/errors.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { reply } from '../../http/reply.ts';
import { validate } from '../../http/validate.ts';

type PendingJoin = ChallengeSubjectOf<'office-join'>;

async function usableCode(c: Context<AppEnv>, typed: string) {
  let code: string;
  try {
    code = parseOfficeCode(typed);
  } catch (error) {
    throw new ApiFailure(400, 'bad_code', error instanceof Error ? error.message : 'not a code');
  }
  const codeHash = await officeCodeHash(code);
  const row = await database(c.env.DB).query.officeCodes.findFirst({
    where: and(eq(officeCodes.codeHash, codeHash), isNull(officeCodes.usedAt), gt(officeCodes.expiresAt, Date.now())),
  });
  if (!row) throw new ApiFailure(404, 'unknown_code', 'This code is unknown, used or expired. Ask for a new one.');
  return row;
}

async function officeNameOf(c: Context<AppEnv>, row: { officeId: string; officeName: string | null }): Promise<string> {
  if (row.officeName) return row.officeName;
  const office = await database(c.env.DB).query.offices.findFirst({ where: eq(offices.id, row.officeId), columns: { name: true } });
  return office?.name ?? '';
}

export const officeJoinRouter = new Hono<AppEnv>()
  .post('/options', rateLimit('office-code', 'TAN_LIMITER'), validate('json', routes.options.body), async (c) => {
    const { code, displayName } = c.req.valid('json');
    const row = await usableCode(c, code);
    const userHandle = randomBytes(32);
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: relyingParty(c).rpID,
      userName: displayName,
      userDisplayName: displayName,
      userID: userHandle,
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const pending: PendingJoin = { accountId: newId(), displayName, userHandle: toBase64Url(userHandle), codeHash: row.codeHash };
    const flowId = await storeChallenge(c, 'office-join', options.challenge, pending);
    return reply(c, routes.options, {
      flowId,
      options: registrationOptions(options),
      office: { officeId: row.officeId, name: await officeNameOf(c, row), kind: row.kind, role: row.role },
    });
  })
  .post('/verify', rateLimit('auth'), validate('json', routes.verify.body), async (c) => {
    const { flowId, response, deviceKey, signingKey } = c.req.valid('json');
    const challenge = await takeChallenge(c, flowId, 'office-join');
    const pending = challenge.subject;
    const credential = await verifyNewPasskey(c, challenge.challenge, response);
    await refuseKnownCredential(c, credential.id);
    const db = database(c.env.DB);
    const now = Date.now();
    const code = await db.query.officeCodes.findFirst({ where: eq(officeCodes.codeHash, pending.codeHash) });
    // The code is spent first (and a carried key bundle erased with it: the keys now live in
    // grants); account, passkey and employee only land if this join spent it.
    const [spent] = await db
      .update(officeCodes)
      .set({ usedAt: now, bundle: null })
      .where(and(eq(officeCodes.codeHash, pending.codeHash), isNull(officeCodes.usedAt), gt(officeCodes.expiresAt, now)))
      .returning();
    if (!spent || !code) throw new ApiFailure(409, 'code_used', 'This code has just been used. Ask for a new one.');
    const status = spent.kind === 'setup' ? 'active' : 'pending';
    try {
      await db.batch([
        db.insert(accounts).values({
          id: pending.accountId,
          role: 'office',
          displayName: pending.displayName,
          userHandle: pending.userHandle,
          createdAt: now,
        }),
        db.insert(passkeys).values(passkeyRow(pending.accountId, credential)),
        db.insert(officeEmployees).values({
          accountId: pending.accountId,
          officeId: spent.officeId,
          role: spent.role,
          status,
          deviceKey,
          signingKey,
          createdAt: now,
        }),
      ]);
    } catch (error) {
      // No account came of it: the code (and any keys it carried) stays usable.
      await db.update(officeCodes).set({ usedAt: null, bundle: code.bundle }).where(eq(officeCodes.codeHash, pending.codeHash));
      throw error;
    }
    await startSession(c, pending.accountId, 'office');
    return reply(c, routes.verify, {
      account: { id: pending.accountId, role: 'office', displayName: pending.displayName },
      employee: { officeId: spent.officeId, role: spent.role, status },
      setup: spent.kind === 'setup' ? { name: spent.officeName ?? '', postcodes: spent.postcodes ?? [], bundle: code.bundle } : null,
    });
  });
