import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './format.ts';

describe('office-local time inputs', () => {
  it('reads back what it wrote, to the minute, across the year (clock changes included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }), (ms) => {
        const shown = toLocalInput(ms);
        // In the autumn's repeated hour two instants show alike; either one reads back to the same display.
        expect(toLocalInput(fromLocalInput(shown))).toBe(shown);
        expect(Math.abs(fromLocalInput(shown) - ms)).toBeLessThan(3_600_000 + 60_000);
      }),
      { numRuns: 300 },
    );
  });

  it('uses Berlin time: winter UTC+1, summer UTC+2', () => {
    expect(toLocalInput(Date.UTC(2026, 0, 15, 11, 30))).toBe('2026-01-15T12:30');
    expect(toLocalInput(Date.UTC(2026, 6, 15, 11, 30))).toBe('2026-07-15T13:30');
    expect(fromLocalInput('2026-07-15T13:30')).toBe(Date.UTC(2026, 6, 15, 11, 30));
  });
});
