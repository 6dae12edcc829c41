/**
 * Times as a German health office reads them: on the venues' clock (Europe/Berlin), day and
 * minute, naming the zone when this device's clock differs (client/venue-time.ts); the
 * window inputs are read and written on the same clock.
 */
import { VENUE_TIME_ZONE } from '../../protocol/time.ts';
import type { Lang } from '../../client/i18n.ts';
import { venueTime } from '../../client/venue-time.ts';

export const OFFICE_TIME_ZONE = VENUE_TIME_ZONE;

export function formatTime(ms: number, lang: Lang): string {
  return venueTime(ms, lang, 'dayTime');
}

/** The value of a datetime-local input for `ms`, in the office's zone. */
export function toLocalInput(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: OFFICE_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
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
