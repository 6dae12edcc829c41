/** Times as a German health office reads them: local (Europe/Berlin), day and minute. */
import type { Lang } from '../shared/i18n.ts';

export const OFFICE_TIME_ZONE = 'Europe/Berlin';

export function formatTime(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { timeZone: OFFICE_TIME_ZONE, dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

/** The value of a datetime-local input for `ms`, in the office's zone. */
export function toLocalInput(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Reads a datetime-local value as office-local time (finds the zone offset at that moment). */
export function fromLocalInput(value: string): number {
  const asUtc = Date.parse(`${value}:00Z`);
  if (Number.isNaN(asUtc)) return Number.NaN;
  const shown = Date.parse(`${toLocalInput(asUtc)}:00Z`);
  const guess = asUtc - (shown - asUtc);
  // One correction step settles the offset except inside the hour a clock change skips.
  return guess - (Date.parse(`${toLocalInput(guess)}:00Z`) - asUtc);
}
