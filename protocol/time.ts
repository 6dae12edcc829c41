/**
 * Time as the protocol sees it. Days are UTC calendar days ("YYYY-MM-DD"): they name the health
 * office's daily key a check-in is encrypted to. The server stores times only rounded to
 * five-minute buckets (arrival rounded down, departure up), so a leaked database does not reveal
 * the exact order in which guests arrived; exact times live inside the ciphertext.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const TIME_BUCKET_MS = 5 * MINUTE_MS;
/** Check-ins and daily private keys are kept this long, then destroyed (every period: protocol/retention.ts). */
export { RETENTION_DAYS } from './retention.ts';
/**
 * How late a queued check-in may still arrive: a phone without signal over a long weekend keeps
 * its check-ins in the offline queue and sends them when it is back (the office directory serves
 * the daily keys of those days too, so that a check-in first sealed then can be sealed).
 */
export const LATE_UPLOAD_DAYS = 3;
/**
 * How far ahead an office publishes daily keys, and so how far ahead a booking can pre-register:
 * cinemas and restaurants sell weeks ahead. Retention is unchanged (RETENTION_DAYS after the day),
 * so a daily private key now exists up to 90 days before its day (docs/THREAT-MODEL.md, 7).
 */
export const PUBLISH_AHEAD_DAYS = 90;

/**
 * Venues are in Germany: every time a person reads (a stay, a booking, a request's window) is
 * shown on the venue's clock, in every app, so that guest, venue and office read the same time.
 */
export const VENUE_TIME_ZONE = 'Europe/Berlin';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function dayOf(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

export function isValidDay(day: string): boolean {
  return DAY_PATTERN.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && dayOf(Date.parse(`${day}T00:00:00Z`)) === day;
}

export function startOfDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  return dayOf(startOfDay(day) + days * DAY_MS);
}

export function floorToBucket(timeMs: number): number {
  return Math.floor(timeMs / TIME_BUCKET_MS) * TIME_BUCKET_MS;
}

export function ceilToBucket(timeMs: number): number {
  return Math.ceil(timeMs / TIME_BUCKET_MS) * TIME_BUCKET_MS;
}
