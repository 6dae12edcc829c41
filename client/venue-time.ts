/**
 * Times as people read them, on the venue's clock (Europe/Berlin) in every app: a guest abroad, a
 * venue's tablet with a wrong zone and the office all read the same "19:00". Where this device's
 * clock shows another time at that moment, the zone is named ("19:00 MEZ"), so that nobody
 * mistakes it for their own local time. English uses British conventions (day before month).
 */
import { VENUE_TIME_ZONE } from '../protocol/time.ts';
import type { Lang } from './i18n.ts';

export type TimeStyle = 'time' | 'dayTime' | 'weekdayDayTime' | 'weekdayMonthTime' | 'day' | 'weekdayDay';

const OPTIONS: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit' },
  dayTime: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  weekdayDayTime: { weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' },
  /** The month by name: what a website's visitor from anywhere reads without mixing up day and month. */
  weekdayMonthTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  day: { day: '2-digit', month: '2-digit', year: 'numeric' },
  weekdayDay: { weekday: 'short', day: '2-digit', month: '2-digit' },
};

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, style: TimeStyle, timeZone: string | undefined, zoneName: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone ?? ''}|${zoneName}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, {
      ...OPTIONS[style],
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
      ...(zoneName ? { timeZoneName: 'short' } : {}),
    });
    formats.set(key, found);
  }
  return found;
}

export function localeOf(lang: Lang): string {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

/**
 * Whether a device whose zone is `deviceZone` (this device's when not given) reads another time
 * than the venue's clock at `ms`; then times name their zone. A device in Paris reads the same
 * time as Berlin and is spared the zone.
 */
export function deviceClockDiffers(ms: number, deviceZone?: string): boolean {
  const wall = (timeZone: string | undefined) => format('en-GB', 'dayTime', timeZone, false).format(ms);
  return wall(VENUE_TIME_ZONE) !== wall(deviceZone);
}

/** `ms` on the venue's clock, naming the zone when the device's clock differs (and the style shows a time). */
export function venueTime(ms: number, lang: Lang, style: TimeStyle = 'dayTime', deviceZone?: string): string {
  const showsTime = style !== 'day' && style !== 'weekdayDay';
  return format(localeOf(lang), style, VENUE_TIME_ZONE, showsTime && deviceClockDiffers(ms, deviceZone)).format(ms);
}

/**
 * A stay or a booked window as one phrase: "Sa., 28.11., 19:00 – 21:00", the end's date only when
 * it is another day, and the zone (where it is named) once, at the end.
 */
export function venueWindow(from: number, to: number, lang: Lang, deviceZone?: string): string {
  const sameDay = venueTime(from, lang, 'day') === venueTime(to, lang, 'day');
  const start = format(localeOf(lang), 'weekdayDayTime', VENUE_TIME_ZONE, false).format(from);
  return `${start} – ${venueTime(to, lang, sameDay ? 'time' : 'weekdayDayTime', deviceZone)}`;
}
