/**
 * Joining a health office with a one-time code (trust model 12): a setup code from the
 * deployment makes the office's first admin, an invite code from an admin an employee who waits
 * for admission. The browser creates a passkey and sends the public halves of its device key and
 * signing key; the code is spent with the account. Not behind a session (the caller has none
 * yet), but like every write under /api/office only from the app's own origin.
 */
import * as v from 'valibot';
import { OfficeCertificateSchema } from '../hierarchy.ts';
import { IdSchema, PublicKeySchema } from '../wire-primitives.ts';
import {
  DisplayNameSchema as DisplayName,
  RegistrationCeremonySchema as CeremonySchema,
  RegistrationStartSchema as RegistrationFlowSchema,
} from './auth.ts';
import { route } from './route.ts';

export const OfficeRoleSchema = v.picklist(['admin', 'member']);

/** A signed-in office account, as the Worker names it. */
export const OfficeAccountSchema = v.strictObject({ id: IdSchema, role: v.literal('office'), displayName: DisplayName });

/** An office's name as its setup code or certificate states it ('' when neither is known yet). */
const OfficeNameSchema = v.pipe(v.string(), v.maxLength(160));

/**
 * The keys a setup code carries for an office whose keys the deployment already holds (the local
 * demo office): the identity key and the kept days' keys, sealed under the code
 * (protocol/office-keyring.ts sealSetupBundle).
 */
const SealedBundleSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'), v.maxLength(256_000));

export const officeJoinRoutes = {
  /** Checks the code and starts the passkey ceremony; says which office and role the code is for. */
  options: route({
    method: 'POST',
    path: '/api/office/join/options',
    access: 'public',
    body: v.strictObject({ code: v.pipe(v.string(), v.maxLength(40)), displayName: DisplayName }),
    response: v.strictObject({
      ...RegistrationFlowSchema.entries,
      office: v.strictObject({ officeId: IdSchema, name: OfficeNameSchema, kind: v.picklist(['setup', 'invite']), role: OfficeRoleSchema }),
    }),
    errors: ['cross_origin', 'bad_code', 'unknown_code'],
  }),
  /**
   * Verifies the passkey, spends the code and signs the new employee in: active at once with a
   * setup code (with the office's name, postcodes and any keys the code carried), pending with an
   * invite.
   */
  verify: route({
    method: 'POST',
    path: '/api/office/join/verify',
    access: 'public',
    body: v.strictObject({ ...CeremonySchema.entries, deviceKey: PublicKeySchema, signingKey: PublicKeySchema }),
    status: 201,
    response: v.strictObject({
      account: OfficeAccountSchema,
      employee: v.strictObject({ officeId: IdSchema, role: OfficeRoleSchema, status: v.picklist(['active', 'pending']) }),
      setup: v.nullable(
        v.strictObject({
          name: OfficeNameSchema,
          postcodes: OfficeCertificateSchema.entries.postcodes,
          bundle: v.nullable(SealedBundleSchema),
        }),
      ),
    }),
    errors: ['cross_origin', 'challenge_expired', 'passkey_refused', 'passkey_exists', 'code_used'],
  }),
} as const;
