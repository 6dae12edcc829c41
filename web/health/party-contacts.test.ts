import { describe, expect, it } from 'vitest';
import type { ContactData } from '../../protocol/contact.ts';
import type { Companion } from '../../protocol/party.ts';
import { personKey, personsOf } from './party-contacts.ts';

const lead: ContactData = {
  firstName: 'Erika',
  lastName: 'Mustermann',
  street: 'Heidestraße',
  houseNumber: '17',
  postcode: '51147',
  city: 'Köln',
  country: 'DE',
  phone: '+49 221 1234567',
  email: 'erika@example.org',
};
const child: Companion = { firstName: 'Mia', lastName: 'Mustermann' };
const grandfather: Companion = {
  firstName: 'Leo',
  lastName: 'Gast',
  phone: '+43 664 123456',
  address: { street: 'Graben', houseNumber: '1', postcode: '1010', city: 'Wien', country: 'AT' },
  seat: 'Reihe F · Platz 13',
};

describe('persons of one check-in', () => {
  it('gives the one who checked in alone as one person, as before groups', () => {
    expect(personsOf(lead, undefined)).toEqual([
      {
        person: 0,
        firstName: 'Erika',
        lastName: 'Mustermann',
        phone: '+49 221 1234567',
        email: 'erika@example.org',
        reachablePhone: '+49 221 1234567',
        reachablePhoneCountry: 'DE',
        address: { street: 'Heidestraße', houseNumber: '17', postcode: '51147', city: 'Köln', country: 'DE' },
        companionOf: undefined,
        reachableVia: undefined,
        livesWith: undefined,
        seat: undefined,
      },
    ]);
  });

  it('makes every companion a person of their own: reached and housed through the one who checked in unless they have their own', () => {
    const [first, mia, leo] = personsOf(lead, [child, grandfather]);
    expect(first?.person).toBe(0);
    expect(mia).toMatchObject({
      person: 1,
      firstName: 'Mia',
      phone: undefined,
      email: undefined,
      reachablePhone: '+49 221 1234567',
      reachablePhoneCountry: 'DE',
      address: { street: 'Heidestraße', houseNumber: '17', postcode: '51147', city: 'Köln', country: 'DE' },
      companionOf: 'Erika Mustermann',
      reachableVia: 'Erika Mustermann',
      livesWith: 'Erika Mustermann',
      seat: undefined,
    });
    expect(leo).toMatchObject({
      person: 2,
      phone: '+43 664 123456',
      reachablePhone: '+43 664 123456',
      // Their own number is read with their own address's country.
      reachablePhoneCountry: 'AT',
      address: { city: 'Wien', country: 'AT' },
      companionOf: 'Erika Mustermann',
      reachableVia: undefined,
      livesWith: undefined,
      seat: 'Reihe F · Platz 13',
    });
  });

  it('reads a companion’s own phone with the lead’s country when they live at the lead’s address', () => {
    const [, aunt] = personsOf({ ...lead, country: 'AT' }, [{ firstName: 'Ana', lastName: 'Gast', phone: '+43 664 765432' }]);
    expect(aunt).toMatchObject({ reachablePhoneCountry: 'AT', reachableVia: undefined, livesWith: 'Erika Mustermann' });
  });

  it('leaves the one who checked in out on request (the index case), keeping the companions’ places', () => {
    expect(personsOf(lead, [child, grandfather], { withoutLead: true }).map((person) => [person.person, person.firstName])).toEqual([
      [1, 'Mia'],
      [2, 'Leo'],
    ]);
  });

  it('keys each person by check-in and place', () => {
    expect(personKey('abc', 0)).toBe('abc/0');
    expect(personKey('abc', 2)).not.toBe(personKey('abc', 0));
  });
});
