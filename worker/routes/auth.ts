/**
 * Passkey accounts for venue operators (WebAuthn through @simplewebauthn/server): sign up, sign
 * in, sign out, add another passkey. No password exists. The relying party is the host the app
 * is opened on (localhost locally; passkeys refuse IP addresses), the origin must be ours, and
 * user verification (PIN, fingerprint, face) is required.
 */
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { authRoutes } from '../../protocol/api/auth.ts';
import { fromBase64Url, randomBytes, toBase64Url } from '../../protocol/bytes.ts';
import { newId } from '../../protocol/ids.ts';
import {
  RP_NAME,
  authenticationOptions,
  passkeyRow,
  refuseKnownCredential,
  registrationOptions,
  relyingParty,
  storeChallenge,
  takeChallenge,
  verifyNewPasskey,
} from '../auth/ceremony.ts';
import { currentAccount, endSession, requireAccount, sameOriginWrites, startSession } from '../auth/session.ts';
import { database } from '../db/client.ts';
import { accounts, passkeys } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiFailure } from '../http/errors.ts';
import { hostKind } from '../http/hosts.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { reply } from '../http/reply.ts';
import { validate } from '../http/validate.ts';

export const authRouter = new Hono<AppEnv>()
  .use(sameOriginWrites)
  .get('/session', async (c) => {
    const account = await currentAccount(c);
    if (!account) throw new ApiFailure(401, 'not_signed_in', 'Not signed in.');
    return reply(c, authRoutes.session, { account });
  })
  .post('/register/options', rateLimit('auth'), validate('json', authRoutes.registerOptions.body), async (c) => {
    const { displayName } = c.req.valid('json');
    const { rpID } = relyingParty(c);
    const userHandle = randomBytes(32);
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID,
      userName: displayName,
      userDisplayName: displayName,
      userID: userHandle,
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const subject = { accountId: newId(), displayName, userHandle: toBase64Url(userHandle) };
    return reply(c, authRoutes.registerOptions, {
      flowId: await storeChallenge(c, 'register', options.challenge, subject),
      options: registrationOptions(options),
    });
  })
  .post('/register/verify', rateLimit('auth'), validate('json', authRoutes.registerVerify.body), async (c) => {
    const { flowId, response } = c.req.valid('json');
    const row = await takeChallenge(c, flowId, 'register');
    const credential = await verifyNewPasskey(c, row.challenge, response);
    await refuseKnownCredential(c, credential.id);
    const pending = row.subject;
    const db = database(c.env.DB);
    // Account and passkey together: no account without a way to sign in.
    await db.batch([
      db.insert(accounts).values({
        id: pending.accountId,
        role: 'venue',
        displayName: pending.displayName,
        userHandle: pending.userHandle,
        createdAt: Date.now(),
      }),
      db.insert(passkeys).values(passkeyRow(pending.accountId, credential)),
    ]);
    await startSession(c, pending.accountId, 'venue');
    return reply(c, authRoutes.registerVerify, { account: { id: pending.accountId, role: 'venue', displayName: pending.displayName } });
  })
  .post('/login/options', rateLimit('auth'), async (c) => {
    const { rpID } = relyingParty(c);
    // Discoverable credentials: the passkey itself names the account, no user name is typed.
    const options = await generateAuthenticationOptions({ rpID, userVerification: 'required', allowCredentials: [] });
    return reply(c, authRoutes.loginOptions, {
      flowId: await storeChallenge(c, 'login', options.challenge, null),
      options: authenticationOptions(options),
    });
  })
  .post('/login/verify', rateLimit('auth'), validate('json', authRoutes.loginVerify.body), async (c) => {
    const { flowId, response } = c.req.valid('json');
    const row = await takeChallenge(c, flowId, 'login');
    const db = database(c.env.DB);
    const passkey = await db.query.passkeys.findFirst({ where: eq(passkeys.credentialId, response.id) });
    if (!passkey) throw new ApiFailure(400, 'unknown_passkey', 'This passkey is not registered here.');
    const { rpID, origin } = relyingParty(c);
    let newCounter: number;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: row.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
        credential: {
          id: passkey.credentialId,
          publicKey: fromBase64Url(passkey.publicKey),
          counter: passkey.counter,
          transports: passkey.transports,
        },
      });
      if (!result.verified) throw new Error('not verified');
      newCounter = result.authenticationInfo.newCounter;
    } catch (error) {
      throw new ApiFailure(
        400,
        'passkey_refused',
        `The passkey could not be verified: ${error instanceof Error ? error.message : 'unknown reason'}`,
      );
    }
    await db.update(passkeys).set({ counter: newCounter, lastUsedAt: Date.now() }).where(eq(passkeys.credentialId, passkey.credentialId));
    const account = await db.query.accounts.findFirst({ where: eq(accounts.id, passkey.accountId) });
    if (!account) throw new ApiFailure(400, 'unknown_passkey', 'This passkey is not registered here.');
    // Each kind of account signs in on its own origin (worker/http/hosts.ts): an office session on
    // the app origin would put the office's cookie where the guest and venue apps run.
    if ((account.role === 'office') !== (hostKind(c) === 'office'))
      throw new ApiFailure(
        403,
        'wrong_account',
        account.role === 'office'
          ? 'Health-office staff sign in at the office’s own address.'
          : 'Venue operators sign in at the app’s address.',
      );
    await startSession(c, account.id, account.role);
    return reply(c, authRoutes.loginVerify, { account: { id: account.id, role: account.role, displayName: account.displayName } });
  })
  .post('/logout', async (c) => {
    await endSession(c);
    return reply(c, authRoutes.logout, { signedOut: true });
  })
  .post('/passkeys/options', requireAccount, async (c) => {
    const account = c.get('account');
    const db = database(c.env.DB);
    const row = await db.query.accounts.findFirst({ where: eq(accounts.id, account.id) });
    const existing = await db.select().from(passkeys).where(eq(passkeys.accountId, account.id));
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: relyingParty(c).rpID,
      userName: account.displayName,
      userID: fromBase64Url(row?.userHandle ?? ''),
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    return reply(c, authRoutes.passkeyOptions, {
      flowId: await storeChallenge(c, 'add-passkey', options.challenge, { accountId: account.id }),
      options: registrationOptions(options),
    });
  })
  .post('/passkeys/verify', requireAccount, validate('json', authRoutes.passkeyVerify.body), async (c) => {
    const { flowId, response } = c.req.valid('json');
    const row = await takeChallenge(c, flowId, 'add-passkey');
    if (row.subject.accountId !== c.get('account').id)
      throw new ApiFailure(403, 'not_your_flow', 'This passkey ceremony belongs to another account.');
    const credential = await verifyNewPasskey(c, row.challenge, response);
    await refuseKnownCredential(c, credential.id);
    await database(c.env.DB)
      .insert(passkeys)
      .values(passkeyRow(c.get('account').id, credential));
    return reply(c, authRoutes.passkeyVerify, { added: true });
  })
  .get('/passkeys', requireAccount, async (c) => {
    const rows = await database(c.env.DB)
      .select({ createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt })
      .from(passkeys)
      .where(eq(passkeys.accountId, c.get('account').id));
    return reply(c, authRoutes.passkeys, { passkeys: rows });
  });
