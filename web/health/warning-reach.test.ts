import { describe, expect, it } from 'vitest';
import type { CaseWarning } from '../../protocol/api/office-warnings.ts';
import { newId } from '../../protocol/ids.ts';
import { HOUR_MS, MINUTE_MS } from '../../protocol/time.ts';
import type { Warning, Withdrawal } from '../../protocol/warning.ts';
import { byReach, reachOf } from './warning-reach.ts';

const now = Date.parse('2026-11-23T20:00:00Z');
const venueId = newId();

function warned(fields: Partial<Warning> = {}, reads: CaseWarning['reads'] = [], withdrawal: Withdrawal | null = null): CaseWarning {
  // Only the fields reachOf reads matter here; the signature is the app's and Worker's business.
  const warning = { warningId: newId(), venueId, from: now - 4 * HOUR_MS, to: now - 2 * HOUR_MS, ...fields } as Warning;
  return { warning, withdrawal, reads };
}

const contact = (fields: Partial<Parameters<typeof reachOf>[0]> = {}) => ({
  checkInId: newId(),
  venueId,
  inApp: true,
  arrivedAt: now - 3 * HOUR_MS,
  end: now - HOUR_MS,
  ...fields,
});

describe('reach per contact', () => {
  it('says read (with the first time), unread, not warned, or no app: call', () => {
    const a = contact();
    const readAt = now - 10 * MINUTE_MS;
    const warnings = [warned({}, [{ checkInId: a.checkInId, readAt }])];
    expect(reachOf(a, warnings)).toEqual({ state: 'read', readAt });
    expect(reachOf(contact(), warnings)).toEqual({ state: 'unread' });
    expect(reachOf(contact({ inApp: false }), warnings)).toEqual({ state: 'no_app' });
    // Left before the window began, another venue, a withdrawn warning: not warned.
    expect(reachOf(contact({ arrivedAt: now - 6 * HOUR_MS, end: now - 5 * HOUR_MS }), warnings)).toEqual({ state: 'not_warned' });
    expect(reachOf(contact({ venueId: newId() }), warnings)).toEqual({ state: 'not_warned' });
    const withdrawn = [warned({}, [], { warningId: newId() } as Withdrawal)];
    expect(reachOf(contact(), withdrawn)).toEqual({ state: 'not_warned' });
    // Arrived 30 minutes after the window: warned.
    expect(reachOf(contact({ arrivedAt: now - 2 * HOUR_MS + 30 * MINUTE_MS }), warnings)).toEqual({ state: 'unread' });
  });

  it('sorts the ones to call first, keeping the order within each group', () => {
    const list = [
      { name: 'read', reach: { state: 'read' as const, readAt: now } },
      { name: 'kiosk', reach: { state: 'no_app' as const } },
      { name: 'unread', reach: { state: 'unread' as const } },
      { name: 'typed', reach: { state: 'no_app' as const } },
      { name: 'not warned', reach: { state: 'not_warned' as const } },
    ];
    expect(byReach(list).map((entry) => entry.name)).toEqual(['kiosk', 'typed', 'not warned', 'unread', 'read']);
  });
});
