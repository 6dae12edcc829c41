import { describe, expect, it } from 'vitest';
import { clientKey } from './rate-limit.ts';

describe('rate-limit client key', () => {
  it('keeps IPv4 addresses whole and groups IPv6 by /64', () => {
    expect(clientKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey(undefined)).toBe('local');
  });
});
