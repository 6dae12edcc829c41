import { afterEach, describe, expect, it, vi } from 'vitest';
import { deviceClockDiffers, venueTime, venueWindow } from './venue-time.ts';

const evening = Date.parse('2026-11-28T18:00:00Z'); // 19:00 in Berlin (CET)

describe('venueTime', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads the venue’s clock, in German and in British English (day before month)', () => {
    expect(venueTime(evening, 'de', 'time')).toMatch(/^19:00/);
    expect(venueTime(evening, 'de', 'dayTime')).toMatch(/^28\.11\.2026, 19:00/);
    expect(venueTime(evening, 'en', 'dayTime')).toMatch(/^28\/11\/2026, 19:00/);
  });

  it('names the zone only when this device’s clock reads differently', () => {
    // The unit tests run in UTC (process.env.TZ is not Berlin): 18:00 here, 19:00 at the venue.
    expect(deviceClockDiffers(evening)).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone !== 'Europe/Berlin');
    if (deviceClockDiffers(evening)) {
      expect(venueTime(evening, 'de', 'time')).toBe('19:00 MEZ');
      expect(venueTime(evening, 'en', 'time')).toBe('19:00 CET');
      // A day has no clock to confuse.
      expect(venueTime(evening, 'de', 'day')).toBe('28.11.2026');
    }
  });

  it('writes a window on one day with one date, across midnight with both', () => {
    expect(venueWindow(evening, evening + 2 * 3_600_000, 'de')).toMatch(/^Sa\., 28\.11\., 19:00( MEZ)? – 21:00( MEZ)?$/);
    expect(venueWindow(evening + 4 * 3_600_000, evening + 7 * 3_600_000, 'en')).toMatch(
      /^Sat 28\/11, 23:00( CET)? – Sun 29\/11, 02:00( CET)?$/,
    );
  });
});
