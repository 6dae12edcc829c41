/**
 * Times as a venue operator reads them: on the venue's clock, as in every app
 * (client/venue-time.ts), plus what only the venue app needs: protocol days as dates and
 * check-in counts per Berlin day.
 */
import { VENUE_TIME_ZONE, addDays } from '../../protocol/time.ts';
import type { Lang } from '../../client/i18n.ts';
import { localeOf as locale, venueTime, venueWindow } from '../../client/venue-time.ts';

/** "Sa., 28.11., 19:00" in the venue's zone, with " MEZ" when the device is elsewhere (client/venue-time.ts). */
export function formatVenueTime(ms: number, lang: Lang, deviceZone?: string): string {
  return venueTime(ms, lang, 'weekdayDayTime', deviceZone);
}

/** A window as one phrase: "Sa., 28.11., 19:00 – 21:00" (the end's date only when it differs). */
export function formatVenueWindow(from: number, to: number, lang: Lang, deviceZone?: string): string {
  return venueWindow(from, to, lang, deviceZone);
}

/** A UTC calendar day of the protocol ("2026-11-28") as a date people read: "Sa., 28.11.2026". */
export function formatDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.parse(`${day}T12:00:00Z`));
}

/** The venue's local calendar day of an instant, "YYYY-MM-DD". */
export function venueDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: VENUE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** Hourly counts added up by the venue's local days, newest day first. */
export function countsByVenueDay(hours: readonly { hour: number; checkIns: number }[]): { day: string; checkIns: number }[] {
  const days = new Map<string, number>();
  for (const { hour, checkIns } of hours) days.set(venueDay(hour), (days.get(venueDay(hour)) ?? 0) + checkIns);
  return [...days].map(([day, checkIns]) => ({ day, checkIns })).sort((a, b) => b.day.localeCompare(a.day));
}

/** An instant's wall-clock time on the venues' clock, read as if it were UTC (to find the zone's offset). */
function wallClockAsUtc(ms: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: VENUE_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  return Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
}

/** Midnight starting a local day of the venues' clock (clocks change at night, never at midnight there). */
function venueMidnight(day: string): number {
  const asUtc = Date.parse(`${day}T00:00:00Z`);
  const guess = asUtc - (wallClockAsUtc(asUtc) - asUtc);
  // One correction settles the offset should the guess fall on the other side of a clock change.
  return guess - (wallClockAsUtc(guess) - asUtc);
}

/** The instants one local day of the venues' clock spans, [its midnight, the next one): 23 to 25 hours. */
export function venueDayRange(day: string): { from: number; to: number } {
  return { from: venueMidnight(day), to: venueMidnight(addDays(day, 1)) };
}
