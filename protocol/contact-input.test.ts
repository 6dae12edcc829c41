import fc from 'fast-check';
import { getCountries } from 'libphonenumber-js/max';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ContactWireSchema } from './contact.ts';
import { ContactInputSchema, meetsInputRules, postcodeFits } from './contact-input.ts';
import { CONTACT_COUNTRIES } from './countries.ts';

const valid = {
  firstName: 'Wilhelmine',
  lastName: 'Zabelthau',
  street: 'Kastanienallee',
  houseNumber: '77',
  postcode: '10435',
  city: 'Berlin',
  country: 'DE',
  phone: '030 1234567',
};

/** The rule codes of the refused fields, by field. */
function refusals(input: unknown): Record<string, string> {
  const result = v.safeParse(ContactInputSchema, input);
  if (result.success) return {};
  const found: Record<string, string> = {};
  for (const issue of result.issues) {
    // The schema is an object: a field's issue starts its path with the field's name.
    const key = issue.path?.[0]?.key;
    found[typeof key === 'string' ? key : ''] ??= issue.message;
  }
  return found;
}

describe('contact input rules', () => {
  it('accepts a complete contact and stores the phone number in international form', () => {
    expect(v.parse(ContactInputSchema, valid)).toEqual({ ...valid, phone: '+49 30 1234567' });
    expect(v.parse(ContactInputSchema, { ...valid, phone: '0170 9988776', email: ' w.z@example.net ' })).toMatchObject({
      phone: '+49 170 9988776',
      email: 'w.z@example.net',
    });
  });

  it('reads a phone number with the contact’s country as the default, and keeps foreign numbers foreign', () => {
    const phone = (typed: string, country = 'DE') =>
      v.parse(ContactInputSchema, {
        ...valid,
        country,
        postcode: country === 'DE' ? '10435' : country === 'GB' ? 'SW1A 1AA' : '1010',
        phone: typed,
      }).phone;
    for (const typed of [
      '030 1234567',
      '030/1234567',
      '(030) 1234567',
      '+49 30 1234567',
      '0049 30 1234567',
      '+49 (0)30 1234567',
      ' 030-1234567 ',
    ])
      expect(phone(typed), typed).toBe('+49 30 1234567');
    expect(phone('+44 20 7946 0958')).toBe('+44 20 7946 0958');
    expect(phone('020 7946 0958', 'GB')).toBe('+44 20 7946 0958');
    expect(phone('0664 123456', 'AT')).toBe('+43 664 123456');
    // The same digits mean another number in another country.
    expect(phone('01 5336633', 'AT')).toBe('+43 1 5336633');
  });

  it('refuses phone numbers that are no valid number of the country, or not a number alone', () => {
    for (const phone of [
      '12345',
      '030 12',
      '+49 1111111111',
      'call me',
      'call 030 1234567',
      '030 1234567 ext. 5',
      '+',
      '0000000000',
      '+49 30 1234567 / 0170 9988776',
    ]) {
      expect(refusals({ ...valid, phone }), phone).toEqual({ phone: 'phone' });
    }
    // A British number typed without its country code is not German.
    expect(refusals({ ...valid, phone: '020 7946 0958' })).toEqual({ phone: 'phone' });
  });

  it('wants German postcodes of exactly 5 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{5}$/), (postcode) => {
        expect(refusals({ ...valid, postcode })).toEqual({});
      }),
    );
    for (const postcode of ['abc', '1011', '123456', '1011 AB', '10 435', 'D-10435'])
      expect(refusals({ ...valid, postcode }), postcode).toEqual({ postcode: 'postcode' });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }).filter((postcode) => postcode.trim() !== '' && !/^\d{5}$/.test(postcode.trim())),
        (postcode) => {
          expect(postcodeFits(postcode.trim().toUpperCase(), 'DE')).toBe(false);
        },
      ),
    );
  });

  it('checks other countries’ postcodes by their own rule', () => {
    const foreign = (country: string, postcode: string, phone: string) => refusals({ ...valid, country, postcode, phone });
    expect(foreign('NL', '1011 ab', '+31 20 1234567')).toEqual({});
    expect(v.parse(ContactInputSchema, { ...valid, country: 'NL', postcode: '1011 ab', phone: '+31 20 1234567' }).postcode).toBe('1011 AB');
    expect(foreign('AT', '1010', '+43 1 5336633')).toEqual({});
    expect(foreign('GB', 'SW1A 1AA', '020 7946 0958')).toEqual({});
    expect(foreign('PL', '00-950', '+48 22 123 45 67')).toEqual({});
    expect(foreign('AT', '10435', '+43 1 5336633')).toEqual({ postcode: 'postcode' });
    expect(foreign('NL', '10435', '+31 20 1234567')).toEqual({ postcode: 'postcode' });
    expect(foreign('GB', 'abc', '020 7946 0958')).toEqual({ postcode: 'postcode' });
    // A country postcode-validator has no rule for: 3 to 10 letters, digits, spaces or hyphens.
    expect(postcodeFits('999077', 'HK')).toBe(true);
    expect(postcodeFits('1', 'HK')).toBe(false);
  });

  it('wants a house number in its own field, with a digit', () => {
    const { houseNumber: _none, ...withoutNumber } = valid;
    expect(refusals(withoutNumber)).toEqual({ houseNumber: expect.any(String) as string });
    expect(refusals({ ...valid, houseNumber: '  ' })).toEqual({ houseNumber: 'required' });
    for (const houseNumber of ['12', '12a', '12-14', '3 b', '7/1', '12 A', '1.2'])
      expect(refusals({ ...valid, houseNumber }), houseNumber).toEqual({});
    for (const houseNumber of ['a', 'b-c', '-12', '12-', 'x'.repeat(21), '12;drop'])
      expect(Object.keys(refusals({ ...valid, houseNumber })), houseNumber).toEqual(['houseNumber']);
  });

  it('wants names of at least 2 characters with a letter, and keeps the length limits', () => {
    for (const name of ['W', ' W ', '12', '--']) expect(refusals({ ...valid, firstName: name }), name).toEqual({ firstName: 'name' });
    expect(refusals({ ...valid, lastName: 'x'.repeat(81) })).toEqual({ lastName: 'too_long' });
    expect(refusals({ ...valid, firstName: '' })).toEqual({ firstName: 'required' });
    for (const name of ['Li', 'Ôz', 'Jo-Ann', 'Müller-Lüdenscheidt', 'O’Brien'])
      expect(refusals({ ...valid, firstName: name, lastName: name }), name).toEqual({});
  });

  it('explains every wrong field at once, not only the first', () => {
    expect(refusals({ ...valid, firstName: 'W', houseNumber: '', postcode: 'abc', phone: '12 34', email: 'w@' })).toEqual({
      firstName: 'name',
      houseNumber: 'required',
      postcode: 'postcode',
      phone: 'phone',
      email: 'email',
    });
    expect(refusals({ ...valid, country: 'ZZ' })).toEqual({ country: 'country' });
  });

  it('refuses what an older version stored while the wire schema still opens it', () => {
    const legacy = {
      firstName: 'Wilhelmine',
      lastName: 'Zabelthau',
      street: 'Kastanienallee 77',
      postcode: '1011',
      city: 'Berlin',
      phone: '030/1234567',
    };
    expect(v.safeParse(ContactWireSchema, legacy).success).toBe(true);
    expect(meetsInputRules(legacy)).toBe(false);
    expect(Object.keys(refusals(legacy)).sort()).toEqual(['country', 'houseNumber']);
    expect(meetsInputRules(v.parse(ContactInputSchema, valid))).toBe(true);
  });

  it('accepts only what the wire schema accepts, with the phone in international form', () => {
    const input = fc.record({
      firstName: fc.stringMatching(/^[A-Za-zÄÖÜäöüß][a-zäöüß -]{1,30}$/),
      lastName: fc.stringMatching(/^[A-Za-zÄÖÜäöüß][a-zäöüß -]{1,30}$/),
      street: fc.stringMatching(/^[A-Za-zß. -]{1,40}$/),
      houseNumber: fc.stringMatching(/^\d{1,4}[a-z]?$/),
      postcode: fc.stringMatching(/^\d{5}$/),
      city: fc.stringMatching(/^[A-Za-z -]{1,40}$/),
      country: fc.constant('DE'),
      // An area code, a subscriber number, written in one of the ways people do.
      phone: fc
        .tuple(
          fc.constantFrom('030', '040', '089', '0221', '0170', '0151', '+49 30', '0049 89'),
          fc.stringMatching(/^[1-9]\d{5,7}$/),
          fc.constantFrom(' ', '/', '-', ''),
        )
        .map(([area, number, separator]) => `${area}${separator}${number}`),
    });
    fc.assert(
      fc.property(input, (contact) => {
        const result = v.safeParse(ContactInputSchema, contact);
        if (!result.success) return;
        expect(v.parse(ContactWireSchema, result.output)).toEqual(result.output);
        expect(result.output.phone).toMatch(/^\+49 \d/);
        expect(v.parse(ContactInputSchema, result.output)).toEqual(result.output); // stable: a saved contact passes again unchanged
      }),
      { numRuns: 300 },
    );
  });

  it('offers exactly the countries libphonenumber knows, less the two codes ISO 3166-1 does not assign', () => {
    expect(new Set(CONTACT_COUNTRIES)).toEqual(new Set(getCountries().filter((code) => code !== 'AC' && code !== 'TA')));
    for (const country of CONTACT_COUNTRIES) expect(country).toMatch(/^[A-Z]{2}$/);
  });
});
