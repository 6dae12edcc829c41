/**
 * Passkey accounts (WebAuthn through @simplewebauthn): signing up as a venue operator, signing in
 * (venue operators and office staff alike), signing out, adding another passkey. The Worker
 * issues the options of a ceremony with a `flowId` naming its stored challenge; the browser hands
 * the options to the authenticator and sends its answer back with that `flowId`.
 *
 * The options are spelled out as @simplewebauthn/server makes them for this deployment (what the
 * Worker passes: a required resident key, required user verification, no attestation), so the
 * browser hands nothing else to the authenticator. The credential the browser answers with is
 * described as @simplewebauthn/browser builds it; the Worker's WebAuthn library then checks its
 * content (signatures, challenge, origin), the schema only its shape and size.
 */
import * as v from 'valibot';
import { IdSchema, TimeMsSchema, base64url } from '../wire-primitives.ts';
import { route } from './route.ts';

/** A name as the person typed it (trimmed); also the passkey's user name on their device. */
export const DisplayNameSchema = v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(80));

export const AccountSchema = v.strictObject({
  id: IdSchema,
  role: v.picklist(['venue', 'office']),
  /** As stored: typed at sign-up (DisplayNameSchema), or an office's name for its employees. */
  displayName: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});
export type Account = v.InferOutput<typeof AccountSchema>;

export const VenueAccountSchema = v.strictObject({ ...AccountSchema.entries, role: v.literal('venue') });
export type VenueAccount = v.InferOutput<typeof VenueAccountSchema>;

// --- The options of a ceremony, as the Worker's WebAuthn library makes them.

/** 32 random bytes from the library (base64url); at least 16 by the WebAuthn specification. */
const ChallengeSchema = base64url(22, 128);
/** The relying party: the host the app is served from (worker/auth/ceremony.ts relyingParty). */
const RpIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9.-]{1,253}$/, 'must be a host name'));
/** A credential id, base64url (the browser's own; WebAuthn allows up to 1023 bytes, we take 1024 characters). */
const CredentialIdSchema = base64url(1, 1024);
const CredentialDescriptorSchema = v.strictObject({ id: CredentialIdSchema, type: v.literal('public-key') });
const TimeoutSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600_000));

export const RegistrationOptionsSchema = v.strictObject({
  challenge: ChallengeSchema,
  rp: v.strictObject({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), id: RpIdSchema }),
  user: v.strictObject({
    /** The account's random user handle (up to 64 bytes by WebAuthn), not its id. */
    id: base64url(1, 86),
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    /** Empty when a passkey is added to an existing account. */
    displayName: v.pipe(v.string(), v.maxLength(200)),
  }),
  /** The signature algorithms offered (COSE identifiers: Ed25519, ES256, RS256). */
  pubKeyCredParams: v.pipe(
    v.array(v.strictObject({ alg: v.pipe(v.number(), v.integer()), type: v.literal('public-key') })),
    v.minLength(1),
    v.maxLength(10),
  ),
  timeout: TimeoutSchema,
  attestation: v.literal('none'),
  /** The account's passkeys, so an authenticator that holds one already declines to make another. */
  excludeCredentials: v.pipe(v.array(CredentialDescriptorSchema), v.maxLength(100)),
  authenticatorSelection: v.strictObject({
    residentKey: v.literal('required'),
    userVerification: v.literal('required'),
    requireResidentKey: v.literal(true),
  }),
  extensions: v.strictObject({ credProps: v.literal(true) }),
  hints: v.pipe(v.array(v.picklist(['hybrid', 'security-key', 'client-device'])), v.maxLength(3)),
});
export type RegistrationOptions = v.InferOutput<typeof RegistrationOptionsSchema>;

export const AuthenticationOptionsSchema = v.strictObject({
  rpId: RpIdSchema,
  challenge: ChallengeSchema,
  /** Always empty: discoverable credentials, the passkey itself names the account. */
  allowCredentials: v.pipe(v.array(CredentialDescriptorSchema), v.maxLength(0)),
  timeout: TimeoutSchema,
  userVerification: v.literal('required'),
});
export type AuthenticationOptions = v.InferOutput<typeof AuthenticationOptionsSchema>;

// --- The browser's answer, as @simplewebauthn/browser builds it.

const Base64UrlField = (max: number) => base64url(1, max);
/**
 * The browser's and the authenticator's extension outputs (credProps, and whatever else a browser
 * or a password manager reports, some of it binary): neither the Worker nor its WebAuthn library
 * reads them, so they are not spelled out. Any object is taken and none of it is kept (v.object
 * drops the keys it does not name); the request's body limit bounds its size.
 */
const ExtensionResultsSchema = v.object({});
const CredentialEnvelope = {
  id: CredentialIdSchema,
  rawId: CredentialIdSchema,
  type: v.literal('public-key'),
  clientExtensionResults: ExtensionResultsSchema,
  authenticatorAttachment: v.optional(v.picklist(['platform', 'cross-platform'])),
};

/** A new passkey (navigator.credentials.create). */
export const RegistrationResponseSchema = v.strictObject({
  ...CredentialEnvelope,
  response: v.strictObject({
    clientDataJSON: Base64UrlField(4096),
    /** With attestation "none": the authenticator data and the public key, no certificates. */
    attestationObject: Base64UrlField(8192),
    authenticatorData: v.optional(Base64UrlField(8192)),
    transports: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(32))), v.maxLength(10))),
    publicKeyAlgorithm: v.optional(v.pipe(v.number(), v.integer())),
    publicKey: v.optional(Base64UrlField(2048)),
  }),
});

/** A signature by an existing passkey (navigator.credentials.get). */
export const AuthenticationResponseSchema = v.strictObject({
  ...CredentialEnvelope,
  response: v.strictObject({
    clientDataJSON: Base64UrlField(4096),
    authenticatorData: Base64UrlField(8192),
    signature: Base64UrlField(2048),
    userHandle: v.optional(Base64UrlField(128)),
  }),
});

/** Finishing a ceremony: the flow the options named, and the browser's answer. */
export const RegistrationCeremonySchema = v.strictObject({ flowId: IdSchema, response: RegistrationResponseSchema });
export const AuthenticationCeremonySchema = v.strictObject({ flowId: IdSchema, response: AuthenticationResponseSchema });

/** Where a registration's options are handed out: the flow to verify under, and the options (also the office's join). */
export const RegistrationStartSchema = v.strictObject({ flowId: IdSchema, options: RegistrationOptionsSchema });

/** Every auth route refuses writes from another origin (the router's own guard). */
export const authRoutes = {
  /** Who is signed in: any account (the venue app checks the role itself). */
  session: route({
    method: 'GET',
    path: '/api/auth/session',
    access: 'account',
    response: v.strictObject({ account: AccountSchema }),
    errors: [],
  }),
  registerOptions: route({
    method: 'POST',
    path: '/api/auth/register/options',
    access: 'public',
    body: v.strictObject({ displayName: DisplayNameSchema }),
    response: RegistrationStartSchema,
    errors: ['cross_origin'],
  }),
  /** Makes the venue account with its first passkey, and signs it in. */
  registerVerify: route({
    method: 'POST',
    path: '/api/auth/register/verify',
    access: 'public',
    body: RegistrationCeremonySchema,
    status: 201,
    response: v.strictObject({ account: VenueAccountSchema }),
    errors: ['cross_origin', 'challenge_expired', 'passkey_refused', 'passkey_exists'],
  }),
  loginOptions: route({
    method: 'POST',
    path: '/api/auth/login/options',
    access: 'public',
    response: v.strictObject({ flowId: IdSchema, options: AuthenticationOptionsSchema }),
    errors: ['cross_origin'],
  }),
  /** Signs in whoever the passkey belongs to: a venue operator or an office employee. */
  loginVerify: route({
    method: 'POST',
    path: '/api/auth/login/verify',
    access: 'public',
    body: AuthenticationCeremonySchema,
    response: v.strictObject({ account: AccountSchema }),
    errors: ['cross_origin', 'challenge_expired', 'unknown_passkey', 'passkey_refused', 'wrong_account'],
  }),
  /** Ends the session, if there is one (signing out twice is no error). */
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'public',
    response: v.strictObject({ signedOut: v.literal(true) }),
    errors: ['cross_origin'],
  }),
  /** Another passkey for the signed-in account. */
  passkeyOptions: route({
    method: 'POST',
    path: '/api/auth/passkeys/options',
    access: 'account',
    response: RegistrationStartSchema,
    errors: [],
  }),
  passkeyVerify: route({
    method: 'POST',
    path: '/api/auth/passkeys/verify',
    access: 'account',
    body: RegistrationCeremonySchema,
    status: 201,
    response: v.strictObject({ added: v.literal(true) }),
    errors: ['challenge_expired', 'not_your_flow', 'passkey_refused', 'passkey_exists'],
  }),
  /** The account's passkeys, without their keys: when each was made and last used. */
  passkeys: route({
    method: 'GET',
    path: '/api/auth/passkeys',
    access: 'account',
    response: v.strictObject({
      passkeys: v.pipe(v.array(v.strictObject({ createdAt: TimeMsSchema, lastUsedAt: v.nullable(TimeMsSchema) })), v.maxLength(1000)),
    }),
    errors: [],
  }),
} as const;
