import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import { newId } from './ids.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, dayOf } from './time.ts';
import { LATE_ARRIVAL_MS, type Warning } from './warning.ts';
import {
  FEED_PAD_BLOCK,
  type FeedEntry,
  type VisitForMatching,
  candidateEntries,
  exposedVisits,
  feedEntriesFor,
  openFeedEntry,
  tagIndex,
  visitOverlaps,
  warningTag,
} from './warning-feed.ts';

const base = Date.parse('2026-11-20T00:00:00Z');
const venues = [newId(), newId(), newId()];
const signature = 'A'.repeat(86);
const key = 'B'.repeat(87);

/** A well-formed warning (the feed does not check signatures; the app verifies after opening). */
function warningAt(venueId: string, from: number, to: number): Warning {
  return {
    v: 1,
    warningId: newId(),
    officeId: 'o'.repeat(22),
    caseId: newId(),
    venueId,
    from,
    to,
    level: 1,
    advice: { de: 'Achten Sie auf Symptome.', en: 'Watch for symptoms.' },
    contact: { phone: '030 1234567', hours: 'Mo–Fr 8–16 Uhr' },
    createdAt: to,
    employee: {
      v: 1,
      officeId: 'o'.repeat(22),
      employeeId: 'e'.repeat(22),
      name: 'Anna',
      signingKey: key,
      deviceKey: key,
      role: 'member',
      notBefore: 0,
      notAfter: base + 100 * DAY_MS,
      signature,
    },
    signature,
  };
}

function asFeed(entries: { tag: string; day: string; body: string }[]): FeedEntry[] {
  return entries.map((entry, index) => ({ ...entry, seq: index + 1 }));
}

/** What the guest app does: tags of its own (venue, day) pairs, open the candidates, keep the warnings that overlap a stay. */
async function matched(feed: FeedEntry[], visits: VisitForMatching[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const { entry, venueId } of candidateEntries(feed, await tagIndex(visits))) {
    const body = await openFeedEntry(venueId, entry);
    if (body.kind !== 'warning') continue;
    for (const visit of exposedVisits(body.warning, visits)) found.add(`${body.warning.warningId} ${visit.checkInId}`);
  }
  return found;
}

const timeArb = fc.integer({ min: 0, max: (4 * DAY_MS) / MINUTE_MS }).map((minutes) => base + minutes * MINUTE_MS);
const lengthArb = fc.integer({ min: 5, max: 14 * 60 }).map((minutes) => minutes * MINUTE_MS);
const venueArb = fc.constantFrom(...venues);

describe('warning feed', () => {
  it('a guest matches exactly the warnings that overlap its stays (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(venueArb, timeArb, lengthArb), { minLength: 0, maxLength: 6 }),
        fc.array(fc.tuple(venueArb, timeArb, lengthArb), { minLength: 0, maxLength: 6 }),
        async (warned, stays) => {
          const warnings = warned.map(([venueId, from, length]) => warningAt(venueId, from, from + length));
          const feed = asFeed((await Promise.all(warnings.map((warning) => feedEntriesFor({ kind: 'warning', warning })))).flat());
          const visits = stays.map(([venueId, arrivedAt, length]) => ({ checkInId: newId(), venueId, arrivedAt, end: arrivedAt + length }));
          const expected = new Set<string>();
          for (const warning of warnings)
            for (const visit of visits)
              if (visit.venueId === warning.venueId && visit.arrivedAt <= warning.to + LATE_ARRIVAL_MS && visit.end >= warning.from)
                expected.add(`${warning.warningId} ${visit.checkInId}`);
          expect(await matched(feed, visits)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts a guest who arrived up to 30 minutes after the window, not one who left before it', () => {
    const window = { from: base + 10 * HOUR_MS, to: base + 12 * HOUR_MS };
    expect(visitOverlaps(window, { arrivedAt: window.to + 30 * MINUTE_MS, end: window.to + 2 * HOUR_MS })).toBe(true);
    expect(visitOverlaps(window, { arrivedAt: window.to + 31 * MINUTE_MS, end: window.to + 2 * HOUR_MS })).toBe(false);
    expect(visitOverlaps(window, { arrivedAt: window.from - 2 * HOUR_MS, end: window.from - 1 })).toBe(false);
    expect(visitOverlaps(window, { arrivedAt: window.from - 2 * HOUR_MS, end: window.from })).toBe(true);
  });

  it('publishes a window over midnight under both days, so a stay on either day finds it', async () => {
    const warning = warningAt(venues[0] ?? '', base + 23 * HOUR_MS, base + 25 * HOUR_MS);
    const entries = await feedEntriesFor({ kind: 'warning', warning });
    expect(entries.map((entry) => entry.day)).toEqual([dayOf(base), dayOf(base + DAY_MS)]);
    const afterMidnight = { checkInId: newId(), venueId: warning.venueId, arrivedAt: base + 24.5 * HOUR_MS, end: base + 26 * HOUR_MS };
    expect((await matched(asFeed(entries), [afterMidnight])).size).toBe(1);
  });

  it('tells a reader without the venue id only a tag and a day: the body opens with no other venue, and the tag is not the venue’s', async () => {
    const warning = warningAt(venues[0] ?? '', base + 10 * HOUR_MS, base + 12 * HOUR_MS);
    const [entry] = await feedEntriesFor({ kind: 'warning', warning });
    if (!entry) throw new Error('no entry');
    expect(entry.tag).toBe(await warningTag(warning.venueId, entry.day));
    expect(JSON.stringify(entry)).not.toContain(warning.venueId);
    expect(JSON.stringify(entry)).not.toContain(String(warning.from));
    await expect(openFeedEntry(venues[1] ?? '', entry)).rejects.toMatchObject({ code: 'decryption_failed' });
    // Bodies are padded to 512-byte blocks (plus nonce and GCM tag): a text's length shows only to the block.
    expect((fromBase64Url(entry.body).length - 12 - 16) % FEED_PAD_BLOCK).toBe(0);
    const longer = { ...warningAt(venues[0] ?? '', base, base + HOUR_MS), advice: { de: 'x'.repeat(30), en: 'y' } };
    const [other] = await feedEntriesFor({ kind: 'warning', warning: longer });
    expect((fromBase64Url(other?.body ?? '').length - 12 - 16) % FEED_PAD_BLOCK).toBe(0);
  });

  it('refuses an entry the server altered, moved to another day or tag, or made for another venue', async () => {
    const warning = warningAt(venues[0] ?? '', base + 10 * HOUR_MS, base + 12 * HOUR_MS);
    const [entry] = await feedEntriesFor({ kind: 'warning', warning });
    if (!entry) throw new Error('no entry');
    const bytes = fromBase64Url(entry.body);
    bytes[40] = (bytes[40] ?? 0) ^ 1;
    await expect(openFeedEntry(warning.venueId, { ...entry, body: toBase64Url(bytes) })).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    await expect(openFeedEntry(warning.venueId, { ...entry, day: dayOf(base + DAY_MS) })).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    await expect(openFeedEntry(warning.venueId, { ...entry, tag: await warningTag(venues[1] ?? '', entry.day) })).rejects.toMatchObject({
      code: 'decryption_failed',
    });
    // A server that knows the venue can seal a body, but not about another venue under this venue's tag.
    const elsewhere = { ...warning, venueId: venues[1] ?? '' };
    const [sealedForOther] = await feedEntriesFor({ kind: 'warning', warning: elsewhere });
    if (!sealedForOther) throw new Error('no entry');
    await expect(openFeedEntry(warning.venueId, sealedForOther)).rejects.toMatchObject({ code: 'decryption_failed' });
  });
});
