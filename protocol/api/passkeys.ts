/**
 * The wire side of a passkey ceremony (WebAuthn through @simplewebauthn), shared by every route
 * that makes a passkey: the options the Worker's library generates for the browser's
 * `startRegistration`, the envelope of the credential the browser sends back (its inside is
 * checked by the WebAuthn library on the Worker), and the name a person gives themself.
 */
import * as v from 'valibot';
import { IdSchema } from '../wire-primitives.ts';

/** A person's name as they type it (trimmed) and as accounts keep it. */
export const DisplayName = v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(80));

/** The browser's credential JSON is checked by the WebAuthn library; here only its envelope. */
export const CeremonySchema = v.strictObject({
  flowId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/)),
  response: v.looseObject({ id: v.pipe(v.string(), v.maxLength(1024)), type: v.literal('public-key') }),
});

const Base64Url = (max: number) => v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/, 'must be base64url'), v.maxLength(max));
/** A passkey an account has already (typed as loosely as the WebAuthn library declares it). */
const CredentialDescriptorSchema = v.strictObject({
  id: Base64Url(1024),
  type: v.pipe(v.string(), v.maxLength(20)),
  transports: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(20))), v.maxLength(10))),
});

/**
 * What `generateRegistrationOptions` answers (PublicKeyCredentialCreationOptionsJSON) with the
 * members it sets, so that the browser hands the authenticator nothing else.
 */
export const RegistrationOptionsSchema = v.strictObject({
  challenge: Base64Url(128),
  rp: v.strictObject({ name: v.pipe(v.string(), v.maxLength(80)), id: v.optional(v.pipe(v.string(), v.maxLength(253))) }),
  user: v.strictObject({ id: Base64Url(128), name: v.pipe(v.string(), v.maxLength(200)), displayName: v.pipe(v.string(), v.maxLength(200)) }),
  pubKeyCredParams: v.pipe(v.array(v.strictObject({ alg: v.pipe(v.number(), v.integer()), type: v.literal('public-key') })), v.maxLength(20)),
  timeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  excludeCredentials: v.optional(v.pipe(v.array(CredentialDescriptorSchema), v.maxLength(100))),
  authenticatorSelection: v.optional(
    v.strictObject({
      authenticatorAttachment: v.optional(v.picklist(['cross-platform', 'platform'])),
      residentKey: v.optional(v.picklist(['discouraged', 'preferred', 'required'])),
      requireResidentKey: v.optional(v.boolean()),
      userVerification: v.optional(v.picklist(['discouraged', 'preferred', 'required'])),
    }),
  ),
  hints: v.optional(v.pipe(v.array(v.picklist(['hybrid', 'security-key', 'client-device'])), v.maxLength(3))),
  attestation: v.optional(v.picklist(['direct', 'enterprise', 'indirect', 'none'])),
  extensions: v.optional(v.strictObject({ credProps: v.optional(v.boolean()) })),
});

/** Where a ceremony's options are handed out: the flow to verify under, and the options. */
export const RegistrationFlowSchema = v.strictObject({ flowId: IdSchema, options: RegistrationOptionsSchema });
