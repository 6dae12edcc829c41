import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseRequest } from '../../protocol/api/office-cases.ts';
import type { CaseWarning } from '../../protocol/api/office-warnings.ts';
import type { ContactData } from '../../protocol/contact.ts';
import type { DataRequest } from '../../protocol/data-request.ts';
import { newId } from '../../protocol/ids.ts';
import { createVenue } from '../../protocol/provisioning.ts';
import { HOUR_MS, MINUTE_MS } from '../../protocol/time.ts';
import type { VenueCard } from '../../protocol/venue.ts';
import type { Warning } from '../../protocol/warning.ts';
import { type Contact, contactRows, groupStays } from './contact-list.ts';
import type { DecryptedContact } from './inner-layer.ts';
import { reachOf } from './warning-reach.ts';

const T0 = Date.parse('2026-11-28T18:00:00Z');
const person = (firstName: string, lastName: string, phone: string): ContactData => ({
  firstName,
  lastName,
  street: 'Heidestraße',
  houseNumber: '17',
  postcode: '51147',
  city: 'Köln',
  country: 'DE',
  phone,
});

let venue: VenueCard;
beforeAll(async () => {
  venue = (
    await createVenue({
      officeId: newId(),
      name: 'Kino am Markt',
      street: 'Markt 1',
      postcode: '51147',
      city: 'Köln',
      kind: 'cinema',
      defaultStayMinutes: 120,
      areas: [{ id: 's2', name: 'Saal 2' }],
    })
  ).card;
});

/** A case with one visit of the index case at the venue, 19:00 to 21:00, and its request answered. */
function detail(
  indexCheckInId: string,
  contacts: { checkInId: string; person?: number; status: 'to_call' | 'reached' | 'unreachable' }[] = [],
) {
  // Only the fields contactRows reads: the venue's card and the requested window.
  const request = { venueId: venue.venueId, from: T0 - HOUR_MS, to: T0 + 3 * HOUR_MS } as DataRequest;
  const answered = { request, venue, status: 'approved', declineReason: null, answeredAt: T0, releasedCount: 3 } satisfies CaseRequest;
  return {
    case: {
      id: newId(),
      reference: 'GA-1',
      status: 'open' as const,
      createdAt: T0,
      closedAt: null,
      visits: [{ venueId: venue.venueId, from: T0, to: T0 + 2 * HOUR_MS, checkInId: indexCheckInId }],
    },
    requests: [answered],
    contacts,
  };
}

function decrypted(checkInId: string, contact: ContactData, fields: Partial<DecryptedContact> = {}): DecryptedContact {
  return {
    checkInId,
    venueId: venue.venueId,
    contact,
    arrivedAt: T0 + 30 * MINUTE_MS,
    departureBucket: T0 + 90 * MINUTE_MS,
    ...fields,
  };
}

const names = (contacts: readonly Contact[]) => contacts.map((contact) => `${contact.firstName} ${contact.lastName}`);

describe('the contact list of a case, one row per person', () => {
  it('expands a group check-in into its persons, each marked with the one who checked them in and the number that reaches them', () => {
    const group = newId();
    const rows = contactRows(detail(newId()), [
      decrypted(group, person('Erika', 'Mustermann', '+49 221 1234567'), {
        companions: [
          { firstName: 'Mia', lastName: 'Mustermann' },
          { firstName: 'Leo', lastName: 'Gast', phone: '+49 170 1234567', seat: 'Reihe F · Platz 13' },
        ],
        reference: 'Reihe F · Platz 12',
        areaId: 's2',
        app: true,
      }),
    ]);
    expect(names(rows)).toEqual(['Erika Mustermann', 'Mia Mustermann', 'Leo Gast']);
    expect(rows.map((row) => [row.key, row.companionOf, row.reachablePhone, row.reachableVia, row.phone, row.seat])).toEqual([
      [`${group}/0`, undefined, '+49 221 1234567', undefined, '+49 221 1234567', undefined],
      [`${group}/1`, 'Erika Mustermann', '+49 221 1234567', 'Erika Mustermann', undefined, undefined],
      [`${group}/2`, 'Erika Mustermann', '+49 170 1234567', undefined, '+49 170 1234567', 'Reihe F · Platz 13'],
    ]);
    // One check-in, one stay: everyone was there together, for as long, in the same hall, in the same app.
    for (const row of rows) {
      expect(row).toMatchObject({
        checkInId: group,
        areaName: 'Saal 2',
        reference: 'Reihe F · Platz 12',
        overlapMinutes: 60,
        inApp: true,
        withIndexCase: false,
      });
    }
  });

  it('leaves the index case out but lists whoever came with them, marked so', () => {
    const own = newId();
    const rows = contactRows(detail(own), [
      decrypted(own, person('Ida', 'Index', '+49 221 7654321'), { companions: [{ firstName: 'Ina', lastName: 'Index' }] }),
      decrypted(newId(), person('Otto', 'Gast', '+49 221 5555555')),
    ]);
    expect(names(rows)).toEqual(['Ina Index', 'Otto Gast']);
    expect(rows[0]).toMatchObject({ person: 1, companionOf: 'Ida Index', withIndexCase: true, reachablePhone: '+49 221 7654321' });
    // Alone at the index case's own check-in: nobody left to list.
    expect(contactRows(detail(own), [decrypted(own, person('Ida', 'Index', '+49 221 7654321'))])).toEqual([]);
  });

  it('takes each person’s status as stored, a status stored before groups as that of the one who checked in', () => {
    const group = newId();
    const rows = contactRows(
      detail(newId(), [
        { checkInId: group, status: 'reached' },
        { checkInId: group, person: 2, status: 'unreachable' },
      ]),
      [
        decrypted(group, person('Erika', 'Mustermann', '+49 221 1234567'), {
          companions: [
            { firstName: 'Mia', lastName: 'Mustermann' },
            { firstName: 'Leo', lastName: 'Mustermann' },
          ],
        }),
      ],
    );
    expect(rows.map((row) => row.status)).toEqual(['reached', 'to_call', 'unreachable']);
  });

  it('sorts by time together with the index case and keeps a group’s persons together, in their order', () => {
    const group = newId();
    const rows = contactRows(detail(newId()), [
      decrypted(newId(), person('Anna', 'Kurz', '+49 221 1111111'), {
        arrivedAt: T0 + 100 * MINUTE_MS,
        departureBucket: T0 + 110 * MINUTE_MS,
      }),
      decrypted(group, person('Erika', 'Mustermann', '+49 221 1234567'), {
        companions: [
          { firstName: 'Mia', lastName: 'Mustermann' },
          { firstName: 'Leo', lastName: 'Mustermann' },
        ],
      }),
      decrypted(newId(), person('Bernd', 'Lang', '+49 221 2222222'), { arrivedAt: T0, departureBucket: T0 + 2 * HOUR_MS }),
    ]);
    expect(names(rows)).toEqual(['Bernd Lang', 'Erika Mustermann', 'Mia Mustermann', 'Leo Mustermann', 'Anna Kurz']);
    // The timeline draws one bar per check-in, naming the others.
    expect(groupStays(rows).map((stay) => [stay.label, stay.companions])).toEqual([
      ['Bernd Lang', undefined],
      ['Erika Mustermann', ['Mia Mustermann', 'Leo Mustermann']],
      ['Anna Kurz', undefined],
    ]);
  });

  it('gives a companion the app state of the one who checked them in: warned and read through that app', () => {
    const group = newId();
    const rows = contactRows(detail(newId()), [
      decrypted(group, person('Erika', 'Mustermann', '+49 221 1234567'), {
        companions: [{ firstName: 'Mia', lastName: 'Mustermann' }],
        app: true,
      }),
      decrypted(newId(), person('Kai', 'Kiosk', '+49 221 3333333'), { companions: [{ firstName: 'Kim', lastName: 'Kiosk' }] }),
    ]);
    const readAt = T0 + 4 * HOUR_MS;
    // Only the fields reachOf reads; signatures are the app's and the Worker's business.
    const warning = { warningId: newId(), venueId: venue.venueId, from: T0 - 30 * MINUTE_MS, to: T0 + 150 * MINUTE_MS } as Warning;
    const warnings: CaseWarning[] = [{ warning, withdrawal: null, reads: [{ checkInId: group, readAt }] }];
    const reach = rows.map((row) =>
      reachOf(
        {
          checkInId: row.checkInId,
          venueId: row.venue.venueId,
          inApp: row.inApp,
          arrivedAt: row.arrivedAt,
          end: row.departedAt ?? row.arrivedAt,
        },
        warnings,
      ),
    );
    expect(reach).toEqual([{ state: 'read', readAt }, { state: 'read', readAt }, { state: 'no_app' }, { state: 'no_app' }]);
  });
});
