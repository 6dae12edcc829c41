/**
 * The kiosk's rotating code: the tablet at the door shows the venue's QR code with a token that
 * changes every minute, signed by the venue's signing key on the tablet itself. The Worker
 * accepts a check-in carrying the token only while it is fresh, so a photo of the code taken
 * today is useless tomorrow (and for a venue in "kiosk only" mode, a plain poster code too).
 *
 *   period    = floor(now / 60 s)
 *   signature = ECDSA_venue(encodeFields("luca-next/v1/kiosk-code", venueId, decimal(period)))
 *   fresh     = current period - 2 ≤ period ≤ current period + 1   (clock skew, time to confirm)
 *
 * As text (after the "~" of the kiosk's QR payload, and in the widget's kiosk-code attribute):
 * "<decimal period>.<base64url signature>", written and read only by the codec below.
 */
import { ProtocolError, fromBase64Url, toBase64Url } from './bytes.ts';
import { signFields, verifyFields } from './signing.ts';

const LABEL = 'luca-next/v1/kiosk-code';
export const KIOSK_PERIOD_MS = 60_000;
const PAST_PERIODS_ACCEPTED = 2;
const FUTURE_PERIODS_ACCEPTED = 1;

export interface KioskToken {
  period: number;
  signature: string;
}

/** Up to 12 digits (periods stay below 10^12, as the check-in's schema bounds them), a dot, an 86-character base64url ECDSA signature. */
const TOKEN_TEXT = /^(\d{1,12})\.([A-Za-z0-9_-]{86})$/;

/** "<period>.<signature>"; refuses (ProtocolError) a token no app would read back. */
export function encodeKioskToken(token: KioskToken): string {
  const text = `${token.period}.${token.signature}`;
  if (!Number.isSafeInteger(token.period) || decodeKioskToken(text).period !== token.period)
    throw new ProtocolError('bad_payload', 'not a kiosk token');
  return text;
}

/** The token in "<period>.<signature>"; anything else is a ProtocolError. */
export function decodeKioskToken(text: string): KioskToken {
  const match = TOKEN_TEXT.exec(text);
  if (!match?.[1] || !match[2]) throw new ProtocolError('bad_payload', 'not a valid kiosk token');
  return { period: Number(match[1]), signature: match[2] };
}

export function kioskPeriod(nowMs: number): number {
  return Math.floor(nowMs / KIOSK_PERIOD_MS);
}

export async function signKioskToken(venueSigningPrivate: CryptoKey, venueId: string, nowMs: number): Promise<KioskToken> {
  const period = kioskPeriod(nowMs);
  return { period, signature: toBase64Url(await signFields(venueSigningPrivate, LABEL, venueId, String(period))) };
}

export type KioskVerdict = 'fresh' | 'stale' | 'forged';

export async function checkKioskToken(venueSigningKey: string, venueId: string, token: KioskToken, nowMs: number): Promise<KioskVerdict> {
  let valid: boolean;
  try {
    valid = await verifyFields(fromBase64Url(venueSigningKey), fromBase64Url(token.signature), LABEL, venueId, String(token.period));
  } catch {
    valid = false;
  }
  if (!valid) return 'forged';
  const current = kioskPeriod(nowMs);
  return token.period >= current - PAST_PERIODS_ACCEPTED && token.period <= current + FUTURE_PERIODS_ACCEPTED ? 'fresh' : 'stale';
}
