import { describe, expect, it } from 'vitest';
import { countsByVenueDay, formatDay, formatVenueTime, formatVenueWindow, venueDay, venueDayRange } from './venue-time.ts';

// 19:00 in Berlin on a summer and a winter evening.
const summer = Date.UTC(2026, 6, 11, 17, 0);
const winter = Date.UTC(2026, 10, 28, 18, 0);

describe('venue-local times', () => {
  it('shows Berlin time whatever the device’s zone, naming the zone only when the device is elsewhere', () => {
    expect(formatVenueTime(summer, 'de', 'Europe/Berlin')).toBe('Sa., 11.07., 19:00');
    expect(formatVenueTime(winter, 'de', 'Europe/Berlin')).toBe('Sa., 28.11., 19:00');
    expect(formatVenueTime(summer, 'de', 'America/New_York')).toBe('Sa., 11.07., 19:00 MESZ');
    expect(formatVenueTime(winter, 'de', 'UTC')).toBe('Sa., 28.11., 19:00 MEZ');
    expect(formatVenueTime(summer, 'en', 'UTC')).toBe('Sat 11/07, 19:00 CEST');
  });

  it('writes a window once, with the end’s date only when it is another day', () => {
    expect(formatVenueWindow(winter, winter + 2 * 3_600_000, 'de', 'Europe/Berlin')).toBe('Sa., 28.11., 19:00 – 21:00');
    expect(formatVenueWindow(winter, winter + 6 * 3_600_000, 'de', 'Europe/Berlin')).toBe('Sa., 28.11., 19:00 – So., 29.11., 01:00');
    expect(formatVenueWindow(winter, winter + 2 * 3_600_000, 'en', 'Asia/Tokyo')).toBe('Sat 28/11, 19:00 – 21:00 CET');
  });

  it('names protocol days as dates', () => {
    expect(formatDay('2026-11-28', 'de')).toBe('Sa., 28.11.2026');
    expect(formatDay('2026-11-28', 'en')).toBe('Sat, 28/11/2026');
  });
});

describe('check-in counts per day', () => {
  it('counts an arrival after midnight in Berlin on the Berlin day, not the UTC day', () => {
    const hours = [
      { hour: Date.UTC(2026, 10, 27, 22, 0), checkIns: 2 }, // 23:00 Friday in Berlin
      { hour: Date.UTC(2026, 10, 27, 23, 0), checkIns: 3 }, // 00:00 Saturday in Berlin, still Friday in UTC
      { hour: Date.UTC(2026, 10, 28, 18, 0), checkIns: 1 },
      { hour: Date.UTC(2026, 6, 10, 22, 0), checkIns: 4 }, // 00:00 Saturday in summer (UTC+2)
    ];
    expect(countsByVenueDay(hours)).toEqual([
      { day: '2026-11-28', checkIns: 4 },
      { day: '2026-11-27', checkIns: 2 },
      { day: '2026-07-11', checkIns: 4 },
    ]);
  });
});

describe('a local day as a range of instants', () => {
  it('spans Berlin’s midnight to midnight: 24 hours, 23 when the clocks go forward, 25 when they go back', () => {
    expect(venueDayRange('2026-11-28')).toEqual({ from: Date.UTC(2026, 10, 27, 23), to: Date.UTC(2026, 10, 28, 23) });
    expect(venueDayRange('2026-07-11')).toEqual({ from: Date.UTC(2026, 6, 10, 22), to: Date.UTC(2026, 6, 11, 22) });
    const spring = venueDayRange('2026-03-29');
    expect(spring.to - spring.from).toBe(23 * 3_600_000);
    const autumn = venueDayRange('2026-10-25');
    expect(autumn.to - autumn.from).toBe(25 * 3_600_000);
    for (const day of ['2026-03-29', '2026-10-25', '2026-01-01']) {
      const { from, to } = venueDayRange(day);
      expect([venueDay(from), venueDay(to - 1), venueDay(to)]).toEqual([day, day, venueDay(to)]);
      expect(venueDay(from - 1)).not.toBe(day);
    }
  });
});
