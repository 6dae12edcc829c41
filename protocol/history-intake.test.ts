import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Visit } from './history.ts';
import { ASSUMED_STAY_MS, WINDOW_MARGIN_MS, intakeVisit, intakeVisits, isRequestable, windowProblem } from './history-intake.ts';
import { implausibleVisit } from './case-visit.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './time.ts';

const now = Date.parse('2026-11-30T18:50:00Z');
const base: Visit = {
  checkInId: 'A'.repeat(22),
  venueId: 'B'.repeat(22),
  officeId: 'C'.repeat(22),
  venueName: 'Café Demo',
  venueAddress: 'Invalidenstraße 1, 10115 Berlin',
  arrivedAt: now - 2 * HOUR_MS,
};

describe('intakeVisit', () => {
  it('counts a stay still open until now, within the venue’s usual stay', () => {
    const open = intakeVisit({ ...base, arrivedAt: now - 40 * MINUTE_MS, defaultStayMinutes: 120 }, now);
    expect(open).toMatchObject({ state: 'ongoing', stay: { from: now - 40 * MINUTE_MS, to: now } });
    expect(open.window).toEqual({ from: now - 70 * MINUTE_MS, to: now });
    // Shared after the usual stay had passed (before the app's automatic checkout): the usual stay.
    const long = intakeVisit({ ...base, arrivedAt: now - 5 * HOUR_MS, defaultStayMinutes: 120 }, now);
    expect(long.stay).toEqual({ from: now - 5 * HOUR_MS, to: now - 3 * HOUR_MS });
    // An older app shared no usual stay: three hours.
    expect(intakeVisit({ ...base, arrivedAt: now - 5 * HOUR_MS }, now).stay?.to).toBe(now - 5 * HOUR_MS + ASSUMED_STAY_MS);
  });

  it('shows a pre-registration for a later slot as not happened and never requestable', () => {
    const tomorrow = intakeVisit({ ...base, arrivedAt: now + DAY_MS, departedAt: now + DAY_MS + 2 * HOUR_MS }, now);
    expect(tomorrow).toEqual({ visit: expect.anything() as unknown, state: 'upcoming', stay: undefined, window: undefined });
    expect(isRequestable(tomorrow)).toBe(false);
    // A booked slot in progress counts until now.
    const running = intakeVisit({ ...base, arrivedAt: now - HOUR_MS, departedAt: now + HOUR_MS }, now);
    expect(running).toMatchObject({ state: 'ongoing', stay: { from: now - HOUR_MS, to: now } });
  });

  it('takes stays over midnight, checkouts at once, and leaves out what the venue no longer keeps', () => {
    const night = intakeVisit(
      { ...base, arrivedAt: Date.parse('2026-11-27T21:00:00Z'), departedAt: Date.parse('2026-11-28T01:30:00Z') },
      now,
    );
    expect(night).toMatchObject({
      state: 'past',
      stay: { from: Date.parse('2026-11-27T21:00:00Z'), to: Date.parse('2026-11-28T01:30:00Z') },
    });
    const instant = intakeVisit({ ...base, departedAt: base.arrivedAt }, now);
    expect(instant.stay?.to).toBeGreaterThan(base.arrivedAt);
    expect(intakeVisit({ ...base, arrivedAt: now - 30 * DAY_MS, departedAt: now - 30 * DAY_MS + HOUR_MS }, now).state).toBe('expired');
  });

  it('proposes for any visit either nothing or a plausible stay and a window the Worker and the venue accept', () => {
    const visit = fc.record({
      arrivedAt: fc.integer({ min: now - 40 * DAY_MS, max: now + 40 * DAY_MS }),
      length: fc.option(fc.integer({ min: -HOUR_MS, max: 3 * DAY_MS }), { nil: undefined }),
      stay: fc.option(fc.integer({ min: 1, max: 24 * 60 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(visit, { maxLength: 12 }), (drawn) => {
        const entries = intakeVisits(
          drawn.map(({ arrivedAt, length, stay }) => ({
            ...base,
            arrivedAt,
            ...(length === undefined ? {} : { departedAt: Math.max(0, arrivedAt + length) }),
            ...(stay === undefined ? {} : { defaultStayMinutes: stay }),
          })),
          now,
        );
        for (let i = 1; i < entries.length; i++)
          expect(entries[i]?.visit.arrivedAt).toBeGreaterThanOrEqual(entries[i - 1]?.visit.arrivedAt ?? 0);
        for (const entry of entries) {
          if (!isRequestable(entry)) continue;
          expect(implausibleVisit(entry.stay, now)).toBeUndefined();
          expect(windowProblem(entry.window, entry.stay, now)).toBeUndefined();
          expect(entry.window.from).toBe(entry.stay.from - WINDOW_MARGIN_MS);
        }
      }),
    );
  });
});

describe('windowProblem', () => {
  const stay = { from: now - 3 * HOUR_MS, to: now - HOUR_MS };
  it('names what is wrong with an edited window', () => {
    expect(windowProblem({ from: Number.NaN, to: now }, stay, now)).toBe('unreadable');
    expect(windowProblem({ from: now - HOUR_MS, to: now - 3 * HOUR_MS }, stay, now)).toBe('end_before_start');
    expect(windowProblem({ from: now - 4 * DAY_MS, to: now }, stay, now)).toBe('too_long');
    expect(windowProblem({ from: now - 16 * HOUR_MS, to: now - 14 * HOUR_MS }, stay, now)).toBe('far_from_visit');
    expect(windowProblem({ from: now - 3 * HOUR_MS, to: now + 2 * HOUR_MS }, { from: now - 3 * HOUR_MS, to: now }, now)).toBe('in_future');
    expect(windowProblem({ from: now - 4 * HOUR_MS, to: now }, stay, now)).toBeUndefined();
  });
});
