import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ContactWireSchema } from './contact.ts';

/** What an older app version sealed: no house number, no country, postcode and phone as typed. */
const legacy = {
  firstName: 'Wilhelmine',
  lastName: 'Zabelthau',
  street: 'Kastanienallee 77',
  postcode: '1011',
  city: 'Berlin',
  phone: '030/1234567',
};
const current = {
  ...legacy,
  street: 'Kastanienallee',
  houseNumber: '77',
  postcode: '10435',
  country: 'DE',
  phone: '+49 30 1234567',
  email: 'w.zabelthau@example.net',
};
const accepts = (input: unknown) => v.safeParse(ContactWireSchema, input).success;
const KEYS = ['firstName', 'lastName', 'street', 'houseNumber', 'postcode', 'city', 'country', 'phone', 'email'];

/** Text with at least one visible character, at most `max` characters after trimming. */
const filled = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((text) => text.trim().length > 0);
const contact = fc.record(
  {
    firstName: filled(80),
    lastName: filled(80),
    street: filled(120),
    houseNumber: filled(20),
    postcode: filled(12),
    city: filled(80),
    country: fc.stringMatching(/^[A-Z]{2}$/),
    phone: filled(32),
    // The everyday shape of an address (valibot's email check is stricter than RFC 5322).
    email: fc.stringMatching(/^[a-z0-9]{1,20}(\.[a-z0-9]{1,20})?@[a-z0-9]{1,20}\.[a-z]{2,6}$/),
  },
  { requiredKeys: ['firstName', 'lastName', 'street', 'postcode', 'city', 'phone'] },
);

describe('contact data on the wire (what a ciphertext holds)', () => {
  it('accepts any contact of the right shape, trimmed, and changes nothing else', () => {
    fc.assert(
      fc.property(contact, (data) => {
        const parsed = v.parse(ContactWireSchema, data);
        for (const [key, value] of Object.entries(data)) expect(parsed[key as keyof typeof parsed]).toBe(value.trim());
        expect(Object.keys(parsed).sort()).toEqual(Object.keys(data).sort());
      }),
    );
  });

  it('still opens what older app versions sealed: no house number, no country, any postcode and phone', () => {
    expect(accepts(legacy)).toBe(true);
    expect(accepts(current)).toBe(true);
    expect(accepts({ ...legacy, postcode: 'abc', phone: '0170-9988776' })).toBe(true);
  });

  it('refuses any unknown field (nothing else rides along into the ciphertext)', () => {
    fc.assert(
      fc.property(
        contact,
        fc.string({ minLength: 1 }).filter((key) => !KEYS.includes(key) && key !== '__proto__'),
        fc.jsonValue(),
        (data, key, value) => {
          expect(accepts({ ...data, [key]: value })).toBe(false);
        },
      ),
    );
  });

  it('refuses a missing, blank, over-long or mistyped field', () => {
    for (const field of ['firstName', 'lastName', 'street', 'postcode', 'city', 'phone'] as const) {
      const { [field]: _dropped, ...missing } = current;
      expect(accepts(missing), `${field} missing`).toBe(false);
      expect(accepts({ ...current, [field]: '   ' }), `${field} blank`).toBe(false);
      expect(accepts({ ...current, [field]: 'x'.repeat(200) }), `${field} too long`).toBe(false);
      expect(accepts({ ...current, [field]: 12345 }), `${field} a number`).toBe(false);
    }
    expect(accepts({ ...current, houseNumber: '' })).toBe(false);
    expect(accepts({ ...current, houseNumber: 'x'.repeat(21) })).toBe(false);
    for (const country of ['de', 'DEU', 'D', '', 49]) expect(accepts({ ...current, country }), String(country)).toBe(false);
    expect(accepts({ ...current, email: 'not an address' })).toBe(false);
  });
});
