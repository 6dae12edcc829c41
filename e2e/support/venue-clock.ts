/**
 * The demo venues' wall clock (Europe/Berlin), as their booking pages use it (widget/demo/
 * venue-zone.js): a test that books "tomorrow 19:30" on such a page means 19:30 in Berlin, whatever
 * zone the test machine is in.
 */
import { DAY_MS, HOUR_MS, VENUE_TIME_ZONE } from '../../protocol/time.ts';

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: VENUE_TIME_ZONE });
const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: VENUE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The venue's date `daysAhead` days from now, as YYYY-MM-DD (what a date field takes). */
export function venueDate(daysAhead: number): string {
  return dateFormat.format(Date.now() + daysAhead * DAY_MS);
}

/** The instant of `hh:mm` on the venue's date `date` (Berlin is UTC+1 or UTC+2). */
export function venueInstant(date: string, time: string): number {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  for (const offset of [1, 2]) {
    const candidate = Date.UTC(year, month - 1, day, hour, minute) - offset * HOUR_MS;
    if (dateFormat.format(candidate) === date && clockFormat.format(candidate) === time) return candidate;
  }
  throw new Error(`${date} ${time} does not exist in ${VENUE_TIME_ZONE}`);
}
