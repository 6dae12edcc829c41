import { describe, expect, it } from 'vitest';
import type { OwnCheckIn } from '../../protocol/api/venue-admin.ts';
import { newId } from '../../protocol/ids.ts';
import { type CachedDayCount, type PeopleCountDeps, countPeople, peopleOnDay, personsOf } from './people-counts.ts';
import { venueDayRange } from './venue-time.ts';

const venueId = newId();
const today = '2026-11-30';

/** A fake Worker and device: check-ins per day, each standing for `party` people, pages of `size`. */
function world(parties: Record<string, number[]>, size = 2) {
  const store = new Map<string, CachedDayCount>();
  const pages: { from: number; to: number; after: string | undefined }[] = [];
  const rows = new Map<string, { day: string; party: number; row: OwnCheckIn }[]>();
  for (const [day, list] of Object.entries(parties)) {
    rows.set(
      day,
      list
        .map((party) => ({ day, party, row: { id: newId(), day, officeKeyId: newId(), ciphertext: 'x' } }))
        // As SQLite orders text: by code unit, as the Worker's pages follow it.
        .sort((a, b) => (a.row.id < b.row.id ? -1 : 1)),
    );
  }
  const partyOf = new Map([...rows.values()].flat().map((entry) => [entry.row.id, entry.party]));
  const deps: PeopleCountDeps = {
    page: (from, to, after) => {
      pages.push({ from, to, after });
      const day = [...rows.keys()].find((candidate) => venueDayRange(candidate).from === from && venueDayRange(candidate).to === to);
      const all = (day ? rows.get(day) : undefined) ?? [];
      const rest = all.filter((entry) => after === undefined || entry.row.id > after);
      const page = rest.slice(0, size).map((entry) => entry.row);
      return Promise.resolve({ checkIns: page, next: rest.length > size ? (page.at(-1)?.id ?? null) : null });
    },
    persons: (checkIns) => Promise.resolve(checkIns.reduce((sum, row) => sum + (partyOf.get(row.id) ?? 1), 0)),
    cached: (id, day) => Promise.resolve(store.get(`${id}/${day}`)),
    keep: (count) => {
      store.set(`${count.venueId}/${count.day}`, count);
      return Promise.resolve();
    },
    forgetBefore: (id, day) => {
      for (const [key, count] of store) if (count.venueId === id && count.day < day) store.delete(key);
      return Promise.resolve();
    },
  };
  return { deps, store, pages };
}

describe('people per day, counted on the venue’s device', () => {
  it('adds up the parties of a day’s check-ins over every page: a group of four is four people', async () => {
    const { deps, pages } = world({ '2026-11-29': [1, 4, 1, 2, 1] });
    expect(await peopleOnDay(venueId, { day: '2026-11-29', checkIns: 5 }, today, deps)).toBe(9);
    // Three pages of at most two, each after the last id of the one before, over Berlin's day.
    expect(pages).toHaveLength(3);
    expect(pages[0]).toEqual({ ...venueDayRange('2026-11-29'), after: undefined });
    expect(pages[1]?.after).toBeDefined();
  });

  it('keeps a past day on the device and counts it again only when the server has more check-ins for it', async () => {
    const { deps, store, pages } = world({ '2026-11-29': [3, 1] });
    expect(await peopleOnDay(venueId, { day: '2026-11-29', checkIns: 2 }, today, deps)).toBe(4);
    expect(store.get(`${venueId}/2026-11-29`)).toEqual({ venueId, day: '2026-11-29', checkIns: 2, persons: 4 });
    const fetched = pages.length;
    expect(await peopleOnDay(venueId, { day: '2026-11-29', checkIns: 2 }, today, deps)).toBe(4);
    expect(pages).toHaveLength(fetched);
    // A check-in queued offline arrived late for that day: the count is no longer the server's.
    store.set(`${venueId}/2026-11-29`, { venueId, day: '2026-11-29', checkIns: 1, persons: 3 });
    expect(await peopleOnDay(venueId, { day: '2026-11-29', checkIns: 2 }, today, deps)).toBe(4);
    expect(pages.length).toBeGreaterThan(fetched);
  });

  it('counts today and the days ahead afresh every time, and keeps none of them', async () => {
    const { deps, store, pages } = world({ [today]: [2], '2026-12-05': [4] });
    await countPeople(
      venueId,
      [
        { day: '2026-12-05', checkIns: 1 },
        { day: today, checkIns: 1 },
      ],
      today,
      deps,
      () => undefined,
    );
    await countPeople(
      venueId,
      [
        { day: '2026-12-05', checkIns: 1 },
        { day: today, checkIns: 1 },
      ],
      today,
      deps,
      () => undefined,
    );
    expect(pages).toHaveLength(4);
    expect(store.size).toBe(0);
  });

  it('reports each day as it is counted, newest first, and forgets counts past the retention', async () => {
    const { deps, store } = world({ '2026-11-28': [2, 2], '2026-11-29': [1] });
    store.set(`${venueId}/2026-10-01`, { venueId, day: '2026-10-01', checkIns: 5, persons: 9 });
    const other = newId();
    store.set(`${other}/2026-10-01`, { venueId: other, day: '2026-10-01', checkIns: 5, persons: 9 });
    const seen: [string, number][] = [];
    await countPeople(
      venueId,
      [
        { day: '2026-11-29', checkIns: 1 },
        { day: '2026-11-28', checkIns: 2 },
      ],
      today,
      deps,
      (day, persons) => seen.push([day, persons]),
    );
    expect(seen).toEqual([
      ['2026-11-29', 1],
      ['2026-11-28', 4],
    ]);
    expect(store.has(`${venueId}/2026-10-01`)).toBe(false);
    expect(store.has(`${other}/2026-10-01`)).toBe(true);
  });

  it('takes one person for a check-in without a party (alone, or sealed by an older version)', () => {
    expect(personsOf({})).toBe(1);
    expect(personsOf({ party: 3 })).toBe(3);
  });
});
