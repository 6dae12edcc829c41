import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactStay, MAX_STAY_MS, type Stay, effectiveEnd, overlapMs, overlaps, timelineScale } from './overlap.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Sat 28 Nov 2026, 19:00 in Berlin (CET, UTC+1). */
const T0 = Date.UTC(2026, 10, 28, 18, 0);
/** The index case: 19:00 to 21:00 Berlin time. */
const index: Stay = { from: T0, to: T0 + 2 * HOUR };
/** The request: the index stay ± 1 hour. */
const window: Stay = { from: index.from - HOUR, to: index.to + HOUR };

function contact(from: number, to: number | null, defaultStayMs = 2 * HOUR): ContactStay {
  return { id: `c-${from}-${to}`, label: 'Erika Mustermann', from, to, defaultStayMs };
}

describe('effectiveEnd', () => {
  it('is the checkout when there was one', () => {
    expect(effectiveEnd(contact(T0, T0 + 45 * MINUTE))).toBe(T0 + 45 * MINUTE);
  });

  it('assumes the venue’s usual stay without a checkout', () => {
    expect(effectiveEnd(contact(T0, null, 90 * MINUTE))).toBe(T0 + 90 * MINUTE);
  });

  it('caps a stay at 24 hours, with or without a checkout', () => {
    expect(effectiveEnd(contact(T0, T0 + 30 * HOUR))).toBe(T0 + MAX_STAY_MS);
    expect(effectiveEnd(contact(T0, null, 48 * HOUR))).toBe(T0 + 24 * HOUR);
    expect(MAX_STAY_MS).toBe(24 * HOUR);
  });

  it('reads a checkout before the arrival as a stay of no length', () => {
    expect(effectiveEnd(contact(T0, T0 - HOUR))).toBe(T0);
    expect(effectiveEnd(contact(T0, null, -HOUR))).toBe(T0);
  });
});

describe('overlapMs', () => {
  it.each([
    ['arrived before, left during', contact(T0 - HOUR, T0 + 30 * MINUTE), 30 * MINUTE],
    ['arrived during, left after', contact(T0 + 90 * MINUTE, T0 + 4 * HOUR), 30 * MINUTE],
    ['contained in the index stay', contact(T0 + 30 * MINUTE, T0 + 70 * MINUTE), 40 * MINUTE],
    ['containing the index stay', contact(T0 - HOUR, T0 + 3 * HOUR), 2 * HOUR],
    ['identical', contact(T0, T0 + 2 * HOUR), 2 * HOUR],
    ['left as the index case arrived (touching)', contact(T0 - HOUR, T0), 0],
    ['arrived as the index case left (touching)', contact(T0 + 2 * HOUR, T0 + 3 * HOUR), 0],
    ['long before', contact(T0 - 5 * HOUR, T0 - 4 * HOUR), 0],
    ['long after', contact(T0 + 3 * HOUR, T0 + 4 * HOUR), 0],
    ['no checkout: usual stay of 90 min assumed', contact(T0 + HOUR, null, 90 * MINUTE), HOUR],
    ['no checkout, usual stay ends before the index case arrives', contact(T0 - 2 * HOUR, null, HOUR), 0],
    ['checkout never: capped at 24 h', contact(T0 - 24 * HOUR - 30 * MINUTE, null, 7 * 24 * HOUR), 0],
    ['checkout the next day: capped at 24 h', contact(T0 - 23 * HOUR, T0 + 5 * HOUR), HOUR],
    ['stay of no length inside', contact(T0 + HOUR, T0 + HOUR), 0],
  ])('%s', (_name, stay, expected) => {
    expect(overlapMs(index, stay)).toBe(expected);
  });

  const time = fc.integer({ min: T0 - 3 * 24 * HOUR, max: T0 + 3 * 24 * HOUR });
  const length = fc.integer({ min: 0, max: 30 * HOUR });
  const interval = fc.tuple(time, length).map(([from, ms]): Stay => ({ from, to: from + ms }));
  const contactStay = fc
    .record({
      id: fc.constant('c'),
      label: fc.constant('C'),
      from: time,
      to: fc.option(fc.integer({ min: -HOUR, max: 30 * HOUR }), { nil: null }),
      defaultStayMs: fc.integer({ min: 0, max: 48 * HOUR }),
    })
    .map((stay): ContactStay => ({ ...stay, to: stay.to === null ? null : stay.from + stay.to }));

  it('is never negative and never longer than either stay', () => {
    fc.assert(
      fc.property(interval, contactStay, (idx, stay) => {
        const overlap = overlapMs(idx, stay);
        expect(overlap).toBeGreaterThanOrEqual(0);
        expect(overlap).toBeLessThanOrEqual(Math.min(idx.to - idx.from, effectiveEnd(stay) - stay.from));
        expect(effectiveEnd(stay) - stay.from).toBeLessThanOrEqual(MAX_STAY_MS);
      }),
    );
  });

  it('is symmetric for stays with a checkout within a day', () => {
    const shortInterval = fc.tuple(time, fc.integer({ min: 0, max: 24 * HOUR })).map(([from, ms]): Stay => ({ from, to: from + ms }));
    fc.assert(
      fc.property(shortInterval, shortInterval, (a, b) => {
        expect(overlapMs(a, contact(b.from, b.to))).toBe(overlapMs(b, contact(a.from, a.to)));
      }),
    );
  });

  it('counts any contact who overlapped with the index case as relevant to the request', () => {
    fc.assert(
      fc.property(interval, fc.integer({ min: 0, max: 4 * HOUR }), contactStay, (idx, margin, stay) => {
        const requested = { from: idx.from - margin, to: idx.to + margin };
        if (overlapMs(idx, stay) > 0) expect(overlaps(idx, requested, stay)).toBe(true);
        if (overlapMs(requested, stay) > 0) expect(overlaps(idx, requested, stay)).toBe(true);
      }),
    );
  });
});

describe('overlaps', () => {
  it.each([
    ['overlapping the index stay', contact(T0 + 30 * MINUTE, T0 + HOUR), true],
    ['only in the margin before', contact(T0 - 50 * MINUTE, T0 - 10 * MINUTE), true],
    ['only in the margin after', contact(T0 + 2 * HOUR + 10 * MINUTE, T0 + 4 * HOUR), true],
    ['left as the window began (touching)', contact(T0 - 2 * HOUR, window.from), false],
    ['arrived as the window ended (touching)', contact(window.to, window.to + HOUR), false],
    ['outside the window', contact(T0 - 5 * HOUR, T0 - 3 * HOUR), false],
    ['no checkout: the usual stay reaches into the window', contact(T0 - 2 * HOUR, null, 90 * MINUTE), true],
    ['no checkout: the usual stay ends before the window', contact(T0 - 3 * HOUR, null, HOUR), false],
    ['checked out at once, inside the window', contact(T0 - 30 * MINUTE, T0 - 30 * MINUTE), true],
    ['checked out at once, at the end of the window', contact(window.to, window.to), false],
  ])('%s', (_name, stay, expected) => {
    expect(overlaps(index, window, stay)).toBe(expected);
  });

  it('still counts a stay with the index case when the window does not cover it', () => {
    const narrow = { from: index.from, to: index.from + 30 * MINUTE };
    expect(overlaps(index, narrow, contact(T0 + HOUR, T0 + 90 * MINUTE))).toBe(true);
    expect(overlaps(index, narrow, contact(T0 + 3 * HOUR, T0 + 4 * HOUR))).toBe(false);
  });
});

describe('timelineScale', () => {
  const stays = [
    contact(T0 - 40 * MINUTE, T0 + 20 * MINUTE),
    contact(T0 + HOUR, null, 3 * HOUR),
    contact(T0 + 3 * HOUR, T0 + 3 * HOUR + 5 * MINUTE),
  ];

  it('covers the index stay and every stay, from the full hour before to the full hour after', () => {
    const scale = timelineScale(index, stays, 600);
    expect(scale.from).toBe(T0 - HOUR); // 18:20 → 18:00
    expect(scale.to).toBe(T0 + 4 * HOUR); // no checkout: 20:00 + 3 h = 23:00
    expect(scale.x(scale.from)).toBe(0);
    expect(scale.x(scale.to)).toBe(600);
    for (const stay of stays) {
      expect(scale.x(stay.from)).toBeGreaterThanOrEqual(0);
      expect(scale.x(effectiveEnd(stay))).toBeLessThanOrEqual(600);
    }
  });

  it('labels full hours on the Berlin clock by default', () => {
    const scale = timelineScale(index, stays, 600);
    expect(scale.ticks.map((tick) => tick.label)).toEqual(['18:00', '19:00', '20:00', '21:00', '22:00', '23:00']);
    expect(scale.ticks.map((tick) => tick.x)).toEqual([0, 120, 240, 360, 480, 600]);
  });

  it('uses the clock of another time zone, half-hour offsets included', () => {
    const scale = timelineScale(index, [], 600, 'Asia/Kolkata'); // 23:30 to 01:30 IST
    expect(scale.from).toBe(T0 - 30 * MINUTE);
    expect(scale.to).toBe(index.to + 30 * MINUTE);
    expect(scale.ticks.map((tick) => tick.label)).toEqual(['23:00', '00:00', '01:00', '02:00']);
    expect(timelineScale(index, [], 600, 'UTC').ticks[0]?.label).toBe('18:00');
  });

  it('keeps hour ticks an hour apart when the clocks go back', () => {
    // 25 Oct 2026: 03:00 CEST becomes 02:00 CET in Berlin, at 01:00 UTC.
    const night = { from: Date.UTC(2026, 9, 25, 0, 0), to: Date.UTC(2026, 9, 25, 3, 0) };
    const scale = timelineScale(night, [], 600);
    expect(scale.ticks.map((tick) => tick.label)).toEqual(['02:00', '02:00', '03:00', '04:00']);
    expect(scale.ticks.map((tick) => tick.t)).toEqual([0, 1, 2, 3].map((hour) => night.from + hour * HOUR));
  });

  it('spaces ticks out on a narrow drawing, on hours that divide the day', () => {
    const day = { from: T0, to: T0 + 20 * HOUR };
    const scale = timelineScale(day, [], 300);
    const steps = scale.ticks.slice(1).map((tick, i) => tick.x - (scale.ticks[i]?.x ?? 0));
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(48);
    expect(scale.ticks.every((tick) => Number(tick.label.slice(0, 2)) % 4 === 0)).toBe(true);
  });

  it('draws an hour when everything happens at one instant', () => {
    const scale = timelineScale({ from: T0, to: T0 }, [contact(T0, T0)], 100);
    expect(scale.to - scale.from).toBe(HOUR);
    expect(Number.isFinite(scale.x(T0))).toBe(true);
  });

  it('is monotonic, with sorted ticks inside the range (property)', () => {
    const time = fc.integer({ min: T0 - 2 * 24 * HOUR, max: T0 + 2 * 24 * HOUR });
    const stay = fc
      .tuple(time, fc.option(fc.integer({ min: 0, max: 26 * HOUR }), { nil: null }), fc.integer({ min: 0, max: 30 * HOUR }))
      .map(([from, length, defaultStayMs]) => contact(from, length === null ? null : from + length, defaultStayMs));
    const zone = fc.constantFrom('Europe/Berlin', 'UTC', 'Asia/Kolkata', 'America/New_York');
    fc.assert(
      fc.property(
        time,
        fc.integer({ min: 0, max: 12 * HOUR }),
        fc.array(stay, { maxLength: 8 }),
        fc.integer({ min: 100, max: 2000 }),
        zone,
        fc.array(time, { minLength: 2, maxLength: 10 }),
        (from, length, contacts, width, timeZone, samples) => {
          const idx = { from, to: from + length };
          const scale = timelineScale(idx, contacts, width, timeZone);
          expect(scale.from).toBeLessThanOrEqual(Math.min(idx.from, ...contacts.map((c) => c.from)));
          expect(scale.to).toBeGreaterThanOrEqual(Math.max(idx.to, ...contacts.map(effectiveEnd)));
          expect(scale.to - scale.from).toBeLessThanOrEqual(
            Math.max(idx.to, ...contacts.map(effectiveEnd)) - Math.min(idx.from, ...contacts.map((c) => c.from)) + 2 * HOUR,
          );
          const sorted = [...samples].sort((a, b) => a - b);
          for (let i = 1; i < sorted.length; i++) expect(scale.x(sorted[i] ?? 0)).toBeGreaterThanOrEqual(scale.x(sorted[i - 1] ?? 0));
          expect(scale.ticks.length).toBeGreaterThan(0);
          scale.ticks.forEach((tick, i) => {
            expect(tick.t).toBeGreaterThanOrEqual(scale.from);
            expect(tick.t).toBeLessThanOrEqual(scale.to);
            expect(tick.x).toBeGreaterThanOrEqual(0);
            expect(tick.x).toBeLessThanOrEqual(width);
            expect(tick.x).toBeCloseTo(scale.x(tick.t), 9);
            expect(tick.label).toMatch(/^([01]\d|2[0-3]):00$/);
            if (i > 0) expect(tick.t).toBeGreaterThan(scale.ticks[i - 1]?.t ?? -Infinity);
          });
        },
      ),
    );
  });
});
