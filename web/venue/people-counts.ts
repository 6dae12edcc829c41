/**
 * How many people came per day, not only how many check-ins (issue 14): a group check-in is one
 * check-in for several people, and how many is sealed in its outer layer (`party`, PROTOCOL.md
 * "Check-in" → "Groups"), which only the venue's key opens; the server, which counts check-ins,
 * never learns it. So the operator's browser fetches the day's outer layers
 * (`GET /api/venue-admin/venues/:venueId/checkins`), opens them in a Web Worker and adds up the
 * people. A past day's count is kept on the device (IndexedDB) while the server still counts the
 * same check-ins for that day (a check-in queued offline may arrive days late); today and days
 * ahead (bookings) are counted afresh.
 *
 * The steps that touch the network, the worker and IndexedDB come in as `PeopleCountDeps`, so the
 * logic runs in Node under test.
 */
import type { OwnCheckIn } from '../../protocol/api/venue-admin.ts';
import { RETENTION_DAYS, addDays } from '../../protocol/time.ts';
import { venueDayRange } from './venue-time.ts';

/** A day's count as kept on the device. */
export interface CachedDayCount {
  venueId: string;
  day: string;
  /** The check-ins the count is over: when the server's count for the day differs, it is counted again. */
  checkIns: number;
  persons: number;
}

export interface PeopleCountDeps {
  /** One page of the venue's check-ins arriving in [from, to), after the id `after`. */
  page: (from: number, to: number, after: string | undefined) => Promise<{ checkIns: OwnCheckIn[]; next: string | null }>;
  /** How many people the check-ins stand for (their outer layers opened with the venue's key). */
  persons: (checkIns: OwnCheckIn[]) => Promise<number>;
  cached: (venueId: string, day: string) => Promise<CachedDayCount | undefined>;
  keep: (count: CachedDayCount) => Promise<void>;
  /** Forgets the venue's counts of days before `day` (the check-ins are deleted by then). */
  forgetBefore: (venueId: string, day: string) => Promise<void>;
}

/**
 * The people of one local day of the venue: from the device when a past day was counted over as
 * many check-ins as the server now has, else counted from the day's outer layers, page by page
 * (and then kept, for a past day).
 */
export async function peopleOnDay(
  venueId: string,
  day: { day: string; checkIns: number },
  today: string,
  deps: PeopleCountDeps,
): Promise<number> {
  const past = day.day < today;
  if (past) {
    const kept = await deps.cached(venueId, day.day);
    if (kept && kept.checkIns === day.checkIns) return kept.persons;
  }
  const { from, to } = venueDayRange(day.day);
  let persons = 0;
  let counted = 0;
  let after: string | undefined;
  do {
    const page = await deps.page(from, to, after);
    persons += await deps.persons(page.checkIns);
    counted += page.checkIns.length;
    after = page.next ?? undefined;
  } while (after !== undefined);
  // Kept under the number actually counted: should a check-in arrive late meanwhile, the next look counts again.
  if (past) await deps.keep({ venueId, day: day.day, checkIns: counted, persons });
  return persons;
}

/**
 * The people of each day, newest first, reported as each day is counted (`onDay`), so the table
 * fills in while older days are still being opened. Counts of days past the retention are
 * forgotten first.
 */
export async function countPeople(
  venueId: string,
  days: readonly { day: string; checkIns: number }[],
  today: string,
  deps: PeopleCountDeps,
  onDay: (day: string, persons: number) => void,
): Promise<void> {
  await deps.forgetBefore(venueId, addDays(today, -(RETENTION_DAYS + 1)));
  for (const day of days) onDay(day.day, await peopleOnDay(venueId, day, today, deps));
}

/** The people an opened outer layer stands for: its party, else one (a guest alone, or an older version's check-in). */
export function personsOf(outer: { party?: number | undefined }): number {
  return outer.party ?? 1;
}
