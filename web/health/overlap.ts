/**
 * Who was at the venue at the same time as the index case: interval arithmetic over stays, and
 * the time scale the overlap timeline draws on. Pure: no DOM, no clock. Times are milliseconds
 * since the epoch; every interval is half-open, [from, to), so a guest who arrives the minute
 * the index case leaves did not overlap with them.
 */

/** An interval of time, e.g. the index case's stay or the window a health office requested. */
export interface Stay {
  from: number;
  to: number;
}

/** One decrypted check-in: `to` is null when the guest never checked out. */
export interface ContactStay {
  id: string;
  label: string;
  from: number;
  to: number | null;
  /** The venue's usual length of stay, assumed when there was no checkout. */
  defaultStayMs: number;
  /** A group check-in: the names of the others who came with `label`, on the same stay. */
  companions?: readonly string[];
}

/** How many persons a stay stands for: one, and whoever came with them. */
export function personsOn(stay: ContactStay): number {
  return 1 + (stay.companions?.length ?? 0);
}

export interface TimelineTick {
  t: number;
  x: number;
  /** "HH:MM" in the scale's time zone. */
  label: string;
}

export interface TimelineScale {
  /** Start of the drawn range: the earliest arrival, rounded down to a full hour. */
  from: number;
  /** End of the drawn range: the latest (effective) end, rounded up to a full hour. */
  to: number;
  /** Maps a time to 0 … width; linear, not clamped. */
  x: (t: number) => number;
  /** Full hours inside [from, to], spaced so that their labels do not collide. */
  ticks: TimelineTick[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** No stay counts for longer than a day, whatever the checkout (or its absence) says. */
export const MAX_STAY_MS = 24 * HOUR;
/** Room an "HH:MM" label needs, in the width's units (CSS pixels at 12 px text). */
const MIN_TICK_SPACING = 48;
/** Hour steps that divide a day, so that ticks fall on the same clock hours every day. */
const TICK_STEPS = [1, 2, 3, 4, 6, 12, 24] as const;

/**
 * When a stay ends: the checkout, or arrival plus the venue's usual stay when there was none;
 * never more than 24 hours after arrival, and never before it (a checkout before the arrival is
 * read as a stay of no length).
 */
export function effectiveEnd(stay: ContactStay): number {
  const end = stay.to ?? stay.from + Math.max(0, stay.defaultStayMs);
  return Math.max(stay.from, Math.min(end, stay.from + MAX_STAY_MS));
}

/** How long the contact was there while the index case was: the length of the intersection, 0 if none. */
export function overlapMs(index: Stay, stay: ContactStay): number {
  return Math.max(0, Math.min(index.to, effectiveEnd(stay)) - Math.max(index.from, stay.from));
}

/**
 * Whether a contact belongs in the case: their stay intersects the requested window (the index
 * stay ± a margin) or the index stay itself, should the window not cover it. A stay of no length
 * (checked out at once) counts when its instant lies inside; touching an edge does not count.
 */
export function overlaps(index: Stay, window: Stay, stay: ContactStay): boolean {
  const end = effectiveEnd(stay);
  const meets = (range: Stay) =>
    end > stay.from ? stay.from < range.to && end > range.from : stay.from >= range.from && stay.from < range.to;
  return meets(window) || meets(index);
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** Hour, minute and second on the wall clock of `timeZone`. */
function wallClock(t: number, timeZone: string): { hour: number; minute: number; second: number } {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(t).map((part) => [part.type, part.value]));
  return { hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** The last full hour of the local clock at or before `t` (time zones with half-hour offsets included). */
function floorHour(t: number, timeZone: string): number {
  const { minute, second } = wallClock(t, timeZone);
  return t - (minute * 60 + second) * 1000 - (((t % 1000) + 1000) % 1000);
}

function ceilHour(t: number, timeZone: string): number {
  const floor = floorHour(t, timeZone);
  return floor === t ? t : floorHour(floor + HOUR, timeZone);
}

/**
 * The horizontal scale of the overlap timeline: covers the index stay and every stay (to its
 * effective end), from the full hour before to the full hour after, mapped onto 0 … width.
 * Ticks sit on full hours of `timeZone` (every 1, 2, 3, 4, 6, 12 or 24 hours, the smallest step
 * that leaves room for the labels) and are labelled "HH:MM" on that clock.
 */
export function timelineScale(index: Stay, stays: readonly ContactStay[], width: number, timeZone = 'Europe/Berlin'): TimelineScale {
  let start = Math.min(index.from, index.to);
  let end = Math.max(index.from, index.to);
  for (const stay of stays) {
    start = Math.min(start, stay.from);
    end = Math.max(end, effectiveEnd(stay));
  }
  const from = floorHour(start, timeZone);
  const to = Math.max(ceilHour(end, timeZone), from + HOUR);
  const span = to - from;
  const x = (t: number) => ((t - from) / span) * width;

  const hours = span / HOUR;
  const step = TICK_STEPS.find((candidate) => (width * candidate) / hours >= MIN_TICK_SPACING) ?? 24;
  const ticks: TimelineTick[] = [];
  for (let t = from; t <= to; t = floorHour(t + HOUR, timeZone)) {
    const { hour } = wallClock(t, timeZone);
    if (hour % step === 0) ticks.push({ t, x: x(t), label: `${String(hour).padStart(2, '0')}:00` });
  }
  return { from, to, x, ticks };
}
