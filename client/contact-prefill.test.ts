import { describe, expect, it } from 'vitest';
import { prefillContact, splitHouseNumber } from './contact-prefill.ts';

const legacy = {
  firstName: 'Wilhelmine',
  lastName: 'Zabelthau',
  street: 'Kastanienallee 77',
  postcode: '10435',
  city: 'Berlin',
  phone: '+49 170 9988776',
  email: 'w@example.net',
};

describe('completing contact data an older version stored', () => {
  it('splits an obvious trailing house number off the street', () => {
    expect(splitHouseNumber('Kastanienallee 77')).toEqual({ street: 'Kastanienallee', houseNumber: '77' });
    expect(splitHouseNumber('Hauptstr. 12a')).toEqual({ street: 'Hauptstr.', houseNumber: '12a' });
    expect(splitHouseNumber('Am Markt 12-14')).toEqual({ street: 'Am Markt', houseNumber: '12-14' });
    expect(splitHouseNumber('Weg 3 b')).toEqual({ street: 'Weg', houseNumber: '3 b' });
    expect(splitHouseNumber('Straße des 17. Juni 3')).toEqual({ street: 'Straße des 17. Juni', houseNumber: '3' });
    expect(splitHouseNumber('Kastanienallee, 77')).toEqual({ street: 'Kastanienallee', houseNumber: '77' });
  });

  it('leaves a street alone where the number is not obvious', () => {
    for (const street of ['Kastanienallee', 'Straße des 17. Juni', '77', 'Hinterhof 3, Aufgang B', '12 34'])
      expect(splitHouseNumber(street), street).toBeUndefined();
  });

  it('pre-fills the form from the stored contact: Germany, the number split off, nothing lost', () => {
    expect(prefillContact(legacy)).toEqual({ ...legacy, street: 'Kastanienallee', houseNumber: '77', country: 'DE' });
    const { email: _none, ...withoutEmail } = legacy;
    expect(prefillContact(withoutEmail).email).toBe('');
    // A current contact is shown as stored, even with a number-like street.
    const current = { ...legacy, street: 'Straße 7', houseNumber: '12', country: 'AT' };
    expect(prefillContact(current)).toEqual(current);
    expect(prefillContact(undefined)).toEqual({
      firstName: '',
      lastName: '',
      street: '',
      houseNumber: '',
      postcode: '',
      city: '',
      country: 'DE',
      phone: '',
      email: '',
    });
  });
});
