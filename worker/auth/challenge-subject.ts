/**
 * What a passkey ceremony carries from its start to its verification, per purpose, in the
 * auth_challenges row's `subject` (JSON). Read back through the schema of its purpose, so a
 * ceremony can only ever continue as the kind it began as.
 */
import * as v from 'valibot';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));
const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Handle = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/));

export const CHALLENGE_SUBJECT_SCHEMAS = {
  /** A new venue account: made only once its first passkey is verified. */
  register: v.strictObject({ accountId: Id, displayName: Name, userHandle: Handle }),
  /** Sign-in names no one before the passkey does. */
  login: v.null(),
  /** Another passkey for the signed-in account. */
  'add-passkey': v.strictObject({ accountId: Id }),
  /** A new office employee, with the code they joined by (its hash). */
  'office-join': v.strictObject({
    accountId: Id,
    displayName: Name,
    userHandle: Handle,
    codeHash: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  }),
} as const;

export type ChallengePurpose = keyof typeof CHALLENGE_SUBJECT_SCHEMAS;
export type ChallengeSubjectOf<P extends ChallengePurpose> = v.InferOutput<(typeof CHALLENGE_SUBJECT_SCHEMAS)[P]>;
export type ChallengeSubject = ChallengeSubjectOf<ChallengePurpose>;
