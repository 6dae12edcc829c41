/**
 * Times as a venue operator reads them: in the venue's own zone (the venues are in Germany), not
 * the device's. When the device runs in another zone (a laptop set to UTC, a trip abroad), each
 * time names the zone (MEZ/MESZ, CET/CEST), so that "19:00" is never read as the device's 19:00.
 */
import type { Lang } from '../shared/i18n.ts';

export const VENUE_TIME_ZONE = 'Europe/Berlin';

function locale(lang: Lang): string {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

/** The device's own zone, as the browser reports it. */
export function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True when times must name their zone: the device is not in the venue's zone. */
export function namesZone(deviceZone = deviceTimeZone()): boolean {
  return deviceZone !== VENUE_TIME_ZONE;
}

const DAY_AND_TIME = { weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' } as const;

/** "Sa., 28.11., 19:00" in the venue's zone, with " MEZ" when the device is elsewhere. */
export function formatVenueTime(ms: number, lang: Lang, deviceZone = deviceTimeZone()): string {
  const zone = namesZone(deviceZone) ? { timeZoneName: 'short' as const } : {};
  return new Intl.DateTimeFormat(locale(lang), { ...DAY_AND_TIME, ...zone, timeZone: VENUE_TIME_ZONE }).format(ms);
}

/** A window as one phrase: "Sa., 28.11., 19:00 – 21:00" (the end's date only when it differs). */
export function formatVenueWindow(from: number, to: number, lang: Lang, deviceZone = deviceTimeZone()): string {
  const zone = namesZone(deviceZone) ? { timeZoneName: 'short' as const } : {};
  const day = venueDay;
  const start = new Intl.DateTimeFormat(locale(lang), { ...DAY_AND_TIME, timeZone: VENUE_TIME_ZONE }).format(from);
  const end = day(from) === day(to) ? new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', ...zone, timeZone: VENUE_TIME_ZONE }).format(to) : formatVenueTime(to, lang, deviceZone);
  return `${start} – ${end}`;
}

/** A UTC calendar day of the protocol ("2026-11-28") as a date people read: "Sa., 28.11.2026". */
export function formatDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${day}T12:00:00Z`));
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
