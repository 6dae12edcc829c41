/**
 * A booking's window as a website's visitor reads it: "Sa., 28. Nov., 19:00" to "21:00" (the
 * month by name, so that no reader mixes up day and month), on the venue's clock, naming the
 * zone where this device's clock differs (client/venue-time.ts). `lang` is a language tag as
 * pages carry it ("de", "en-GB"); anything not English reads German.
 */
import { venueTime } from './venue-time.ts';

export function formatWindow(start: number, end: number, lang: string): { from: string; to: string } {
  const ui = lang.toLowerCase().startsWith('en') ? 'en' : 'de';
  const sameDay = venueTime(start, ui, 'day') === venueTime(end, ui, 'day');
  return { from: venueTime(start, ui, 'weekdayMonthTime'), to: venueTime(end, ui, sameDay ? 'time' : 'weekdayMonthTime') };
}
