/**
 * The WebAuthn ceremonies shared by venue sign-up (routes/auth.ts) and office enrolment
 * (routes/office/join.ts): challenges stored once and taken once, passkeys verified by
 * @simplewebauthn/server with user verification required, the relying party pinned.
 */
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { and, eq, gt } from 'drizzle-orm';
import type { Context } from 'hono';
import * as v from 'valibot';
import { AuthenticationOptionsSchema, RegistrationOptionsSchema, type RegistrationResponseSchema } from '../../protocol/api/auth.ts';
import { toBase64Url } from '../../protocol/bytes.ts';
import { newId } from '../../protocol/ids.ts';
import { MINUTE_MS } from '../../protocol/time.ts';
import { database } from '../db/client.ts';
import { authChallenges, passkeys } from '../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { hostKind, originOf } from '../http/hosts.ts';
import { ApiFailure } from '../http/errors.ts';
import { CHALLENGE_SUBJECT_SCHEMAS, type ChallengePurpose, type ChallengeSubjectOf } from './challenge-subject.ts';

export type { ChallengePurpose };

export const RP_NAME = 'luca';

/**
 * The library's options are held to the contract before they leave (its types are wider than
 * what this deployment asks of it: no attestation, a required resident key …): a library update
 * that made other options fails here, as the Worker's fault, not in a browser. Checked as they go
 * on the wire, where the fields the library leaves undefined (`extensions`) are absent.
 */
const onTheWire = (options: object): unknown => JSON.parse(JSON.stringify(options));
export const registrationOptions = (options: object) => v.parse(RegistrationOptionsSchema, onTheWire(options));
export const authenticationOptions = (options: object) => v.parse(AuthenticationOptionsSchema, onTheWire(options));

const CHALLENGE_TTL_MS = 5 * MINUTE_MS;

/**
 * For the office's join route (routes/office/join.ts): the name a new account types, and the
 * end of a registration, which it extends with the employee's keys.
 */
export { DisplayNameSchema as DisplayName, RegistrationCeremonySchema as CeremonySchema } from '../../protocol/api/auth.ts';

/**
 * The relying party: the origin the request reached, the app's or the health office's own
 * (worker/http/hosts.ts), so office passkeys belong to the office's host and are of no use on the
 * app's; pinned by the deployment (APP_ORIGIN, OFFICE_ORIGIN) so that preview or workers.dev
 * hosts are not relying parties of their own; locally, the host the app is opened on.
 */
export function relyingParty(c: Context<AppEnv>) {
  const url = new URL(originOf(c, hostKind(c)));
  return { rpID: url.hostname, origin: url.origin };
}

export async function takeChallenge<P extends ChallengePurpose>(c: Context<AppEnv>, flowId: string, purpose: P) {
  const db = database(c.env.DB);
  const [row] = await db
    .delete(authChallenges)
    .where(and(eq(authChallenges.id, flowId), eq(authChallenges.purpose, purpose), gt(authChallenges.expiresAt, Date.now())))
    .returning();
  if (!row) throw new ApiFailure(400, 'challenge_expired', 'This sign-in attempt has expired. Please try again.');
  // Written by storeChallenge for this purpose; a row of an older version reads as expired.
  const subject = v.safeParse(CHALLENGE_SUBJECT_SCHEMAS[purpose], row.subject);
  if (!subject.success) throw new ApiFailure(400, 'challenge_expired', 'This sign-in attempt has expired. Please try again.');
  // Checked against the schema of P just above; TypeScript cannot narrow an indexed generic itself.
  return { challenge: row.challenge, subject: subject.output as ChallengeSubjectOf<P> };
}

export async function storeChallenge<P extends ChallengePurpose>(
  c: Context<AppEnv>,
  purpose: P,
  challenge: string,
  subject: ChallengeSubjectOf<P>,
): Promise<string> {
  const flowId = newId();
  await database(c.env.DB)
    .insert(authChallenges)
    .values({ id: flowId, purpose, challenge, subject, expiresAt: Date.now() + CHALLENGE_TTL_MS });
  return flowId;
}

export type RegistrationResponse = v.InferOutput<typeof RegistrationResponseSchema>;

export async function verifyNewPasskey(c: Context<AppEnv>, challenge: string, response: RegistrationResponse) {
  const { rpID, origin } = relyingParty(c);
  try {
    const result = await verifyRegistrationResponse({
      // Its shape checked by the contract's schema; its content (signature, challenge, origin) by the library.
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
    if (!result.verified) throw new Error('not verified');
    return result.registrationInfo.credential;
  } catch (error) {
    throw new ApiFailure(
      400,
      'passkey_refused',
      `The passkey could not be verified: ${error instanceof Error ? error.message : 'unknown reason'}`,
    );
  }
}

export function passkeyRow(accountId: string, credential: Awaited<ReturnType<typeof verifyNewPasskey>>) {
  return {
    credentialId: credential.id,
    accountId,
    publicKey: toBase64Url(credential.publicKey),
    counter: credential.counter,
    transports: credential.transports ?? [],
    createdAt: Date.now(),
  };
}

/** A credential id is the passkey's identity: one already registered is refused, not overwritten. */
export async function refuseKnownCredential(c: Context<AppEnv>, credentialId: string): Promise<void> {
  if (
    await database(c.env.DB).query.passkeys.findFirst({ where: eq(passkeys.credentialId, credentialId), columns: { credentialId: true } })
  ) {
    throw new ApiFailure(409, 'passkey_exists', 'This passkey is already registered.');
  }
}
