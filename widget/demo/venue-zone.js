// A booking system keeps times in its venue's zone, whatever zone a guest's device is in: a table
// for 19:00 in Berlin is 19:00 in Berlin, also for a guest booking from Lisbon. The widget wants
// ISO 8601 with the offset, which this page works out for Europe/Berlin.
export const VENUE_ZONE = 'Europe/Berlin';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: VENUE_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The venue's wall-clock reading of an instant, as if it were UTC (to compute the offset). */
function wallClock(ms) {
  const fields = Object.fromEntries(parts.formatToParts(ms).map((part) => [part.type, part.value]));
  return Date.UTC(Number(fields.year), Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute));
}

/** "2026-12-01T19:00:00+01:00" for 1 December 2026, 19:00 in the venue's zone. */
export function venueInstant(date, time) {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetMinutes = Math.round((wallClock(asUtc) - asUtc) / 60_000);
  const instant = new Date(asUtc - offsetMinutes * 60_000);
  // One more step for the hour around a change of daylight saving time.
  const offset = Math.round((wallClock(instant.getTime()) - instant.getTime()) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date}T${pad(hour)}:${pad(minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The venue's date for a day `daysAhead` from now, as YYYY-MM-DD. */
export function venueDate(daysAhead) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: VENUE_ZONE }).format(Date.now() + daysAhead * 86_400_000);
}

export function formatVenue(instant, options) {
  return new Date(instant).toLocaleString('de-DE', { timeZone: VENUE_ZONE, ...options });
}
