/**
 * Rotating an office's identity key (trust model 26, PROTOCOL.md "Identity key rotation"):
 *
 *   rotation request = {v:1, officeId, currentKey, nextKey, requestedAt, signature}
 *     signature = ECDSA_currentIdentity(encodeFields("luca-next/v1/office-rotation-request",
 *                 officeId, currentKey, nextKey, decimal(requestedAt)))
 *
 * An admin's browser makes a new identity key pair when an admin is removed (or on request) and
 * files this request, signed by the office's present identity key. The operator certifies the new
 * key under the root (`npm run office:certify -- certify <officeId>`): a new office certificate for
 * the same office with a later `notBefore`. Devices pin, per office, the newest certificate they
 * have accepted (`checkCertificatePin`) and refuse an older one afterwards, so once a device has
 * seen the new certificate, nothing signed only by the old identity key counts on it.
 */
import * as v from 'valibot';
import { type Bytes, ProtocolError, fromBase64Url, toBase64Url } from './bytes.ts';
import type { OfficeCertificate } from './hierarchy.ts';
import { signFields, verifyFields } from './signing.ts';
import { DAY_MS } from './time.ts';
import { IdSchema, PublicKeySchema, SignatureSchema, TimeMsSchema } from './wire-primitives.ts';

const ROTATION_LABEL = 'luca-next/v1/office-rotation-request';

/**
 * The key id under which the server stores a grant of the identity key waiting for its certificate
 * after a rotation request (not served in the keyring). It is sealed with the key id `identity` in
 * its associated data, since the operator's certification turns these grants into the office's
 * `identity` grants.
 */
export const NEXT_IDENTITY_KEY_ID = 'identity-next';

/** The operator certifies only a request this recent: an older one is filed again from the office. */
export const ROTATION_REQUEST_MAX_AGE_MS = 7 * DAY_MS;

export const RotationRequestSchema = v.strictObject({
  v: v.literal(1),
  officeId: IdSchema,
  /** The identity key of the office certificate in force, which signs the request. */
  currentKey: PublicKeySchema,
  /** The new identity key (ECDSA P-256) to be certified. */
  nextKey: PublicKeySchema,
  requestedAt: TimeMsSchema,
  signature: SignatureSchema,
});
export type RotationRequest = v.InferOutput<typeof RotationRequestSchema>;

type UnsignedRequest = Omit<RotationRequest, 'v' | 'signature'>;

function requestFields(request: UnsignedRequest): string[] {
  return [request.officeId, request.currentKey, request.nextKey, String(request.requestedAt)];
}

export async function signRotationRequest(currentIdentityPrivate: CryptoKey, request: UnsignedRequest): Promise<RotationRequest> {
  const signature = await signFields(currentIdentityPrivate, ROTATION_LABEL, ...requestFields(request));
  return { v: 1, ...request, signature: toBase64Url(signature) };
}

/**
 * A request the office certificate in force signed: for that office, naming that certificate's
 * key as the current one, signed by it, and naming a different next key. Throws otherwise.
 */
export async function verifyRotationRequest(certificate: OfficeCertificate, request: RotationRequest): Promise<void> {
  if (request.officeId !== certificate.officeId) throw new ProtocolError('wrong_office', 'the rotation request is for another office');
  if (request.currentKey !== certificate.signingKey)
    throw new ProtocolError('bad_key', 'the rotation request does not name the certified identity key');
  if (request.nextKey === request.currentKey) throw new ProtocolError('bad_key', 'the rotation request names the same key again');
  if (!(await verifyFields(decode(certificate.signingKey), decode(request.signature), ROTATION_LABEL, ...requestFields(request))))
    throw new ProtocolError('bad_signature', 'the rotation request is not signed by the office identity key');
}

/** What a device remembers of the newest office certificate it accepted. */
export interface CertificatePin {
  notBefore: number;
  signingKey: string;
}

/**
 * Refuses a certificate older than the one this device has pinned for the office (`certificate_rolled_back`):
 * one that begins earlier, or one that begins at the same moment but names another key (two
 * certificates the device cannot order; the one it saw first stands). A certificate that begins
 * later replaces the pin (the caller remembers it once the certificate verified).
 */
export function checkCertificatePin(pinned: CertificatePin | undefined, certificate: OfficeCertificate): void {
  if (!pinned) return;
  if (
    certificate.notBefore < pinned.notBefore ||
    (certificate.notBefore === pinned.notBefore && certificate.signingKey !== pinned.signingKey)
  )
    throw new ProtocolError('certificate_rolled_back', 'an older office certificate than this device has seen');
}

/**
 * Whether `previous` is an earlier certificate of the same office than `current`: the one an
 * admin's browser may take records, certificates and revocation states from while completing a
 * rotation (the caller verifies both up to the root).
 */
export function precedes(previous: OfficeCertificate, current: OfficeCertificate): boolean {
  return previous.officeId === current.officeId && previous.notBefore < current.notBefore && previous.signingKey !== current.signingKey;
}

function decode(text: string): Bytes {
  try {
    return fromBase64Url(text);
  } catch {
    throw new ProtocolError('bad_signature', 'not base64url');
  }
}
