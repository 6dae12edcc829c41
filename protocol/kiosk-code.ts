/**
 * The kiosk's rotating code: the tablet at the door shows the venue's QR code with a token that
 * changes every minute, signed by the venue's signing key on the tablet itself. The Worker
 * accepts a check-in carrying the token only while it is fresh, so a photo of the code taken
 * today is useless tomorrow (and for a venue in "kiosk only" mode, a plain poster code too).
 *
 *   period    = floor(now / 60 s)
 *   signature = ECDSA_venue(encodeFields("luca-next/v1/kiosk-code", venueId, decimal(period)))
 *   fresh     = current period - 2 ≤ period ≤ current period + 1   (clock skew, time to confirm)
 */
import { fromBase64Url, toBase64Url } from './bytes.ts';
import { signFields, verifyFields } from './signing.ts';

const LABEL = 'luca-next/v1/kiosk-code';
export const KIOSK_PERIOD_MS = 60_000;
const PAST_PERIODS_ACCEPTED = 2;
const FUTURE_PERIODS_ACCEPTED = 1;

export interface KioskToken {
  period: number;
  signature: string;
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
