/**
 * What the guest shares by TAN: each visit that reached the server, naming the persons who came
 * along (display names, so the office sees "with Mia Muster, Leo Muster" on the index case's
 * visits), and nothing about persons who stayed at home.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { VisitSchema } from '../../protocol/history.ts';
import { newId } from '../../protocol/ids.ts';
import type { Stay } from './guest-store.ts';
import { visitsOf } from './shared-visits.ts';

const venueId = newId();
const officeId = newId();
const base: Stay = {
  id: newId(),
  payload: { venueId, officeId, encryptionKey: 'key', signingKeyPin: 'pin' },
  verified: true,
  venueId,
  officeId,
  venueName: 'Café Kranz',
  venueAddress: 'Domplatz 1, 51147 Köln',
  arrivedAt: 1_780_000_000_000,
  departedAt: 1_780_003_600_000,
  defaultStayMinutes: 90,
  checkoutSecret: 'secret',
  checkIn: 'sent',
};

describe('the shared visits', () => {
  it('name the persons who came along, and only on the visits they came to', () => {
    const visits = visitsOf([
      {
        ...base,
        companions: [
          { firstName: 'Mia', lastName: 'Muster' },
          { firstName: 'Leo', lastName: 'Muster', phone: '+49 170 1234567' },
        ],
      },
      { ...base, id: newId() },
    ]);
    expect(visits[0]?.companions).toEqual(['Mia Muster', 'Leo Muster']);
    expect(visits[1]).not.toHaveProperty('companions');
    // Only names leave with the history: the office reaches the persons through the venue's release.
    expect(JSON.stringify(visits)).not.toContain('+49 170');
    for (const visit of visits) expect(v.safeParse(VisitSchema, visit).success).toBe(true);
  });

  it('leave out a group check-in that never reached the server', () => {
    expect(visitsOf([{ ...base, checkIn: 'pending', companions: [{ firstName: 'Mia', lastName: 'Muster' }] }])).toEqual([]);
  });
});
