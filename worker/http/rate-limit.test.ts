import { describe, expect, it } from 'vitest';
import { clientKey, secondsUntilWindowEnds } from './rate-limit.ts';

describe('rate-limit client key', () => {
  it('keeps IPv4 addresses whole and groups IPv6 by /64', () => {
    expect(clientKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey(undefined)).toBe('local');
  });
});

describe('Retry-After', () => {
  it('counts the seconds to the end of the fixed window, never 0 and never more than the period', () => {
    expect(secondsUntilWindowEnds(60_000, 60)).toBe(60);
    expect(secondsUntilWindowEnds(60_001, 60)).toBe(60);
    expect(secondsUntilWindowEnds(119_000, 60)).toBe(1);
    expect(secondsUntilWindowEnds(119_999, 60)).toBe(1);
    expect(secondsUntilWindowEnds(125_500, 10)).toBe(5);
    for (let now = 0; now < 130_000; now += 777) {
      const seconds = secondsUntilWindowEnds(now, 60);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      // The window has really ended by then, and had not a second earlier.
      expect(Math.floor((now + seconds * 1000) / 60_000)).toBeGreaterThan(Math.floor(now / 60_000));
      expect(Math.floor((now + (seconds - 1) * 1000) / 60_000)).toBe(Math.floor(now / 60_000));
    }
  });
});
