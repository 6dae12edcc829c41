/**
 * Times as a venue operator reads them: on the venue's clock, as in every app
 * (client/venue-time.ts), plus what only the venue app needs: protocol days as dates and
 * check-in counts per Berlin day.
 */
import { VENUE_TIME_ZONE } from '../../protocol/time.ts';
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
