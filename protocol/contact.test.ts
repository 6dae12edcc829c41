import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ContactDataSchema } from './contact.ts';

const valid = { firstName: 'Wilhelmine', lastName: 'Zabelthau', street: 'Kastanienallee 77', postcode: '10435', city: 'Berlin', phone: '+49 170 9988776' };
const accepts = (input: unknown) => v.safeParse(ContactDataSchema, input).success;

/** Text with at least one visible character, at most `max` characters after trimming. */
const filled = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((text) => text.trim().length > 0);
const contact = fc.record(
  {
    firstName: filled(80),
    lastName: filled(80),
    street: filled(120),
    postcode: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]$/),
    city: filled(80),
    phone: fc.stringMatching(/^\+?[0-9]{6,12}$/),
    // The everyday shape of an address (valibot's email check is stricter than RFC 5322).
    email: fc.stringMatching(/^[a-z0-9]{1,20}(\.[a-z0-9]{1,20})?@[a-z0-9]{1,20}\.[a-z]{2,6}$/),
  },
  { requiredKeys: ['firstName', 'lastName', 'street', 'postcode', 'city', 'phone'] },
);

describe('contact data', () => {
  it('accepts any well-formed contact, trimmed, and changes nothing else', () => {
    fc.assert(
      fc.property(contact, (data) => {
        const parsed = v.parse(ContactDataSchema, data);
        for (const [key, value] of Object.entries(data)) expect(parsed[key as keyof typeof parsed]).toBe(value.trim());
        expect(Object.keys(parsed).sort()).toEqual(Object.keys(data).sort());
      }),
    );
  });

  it('refuses any unknown field (nothing else rides along into the ciphertext)', () => {
    fc.assert(
      fc.property(contact, fc.string({ minLength: 1 }).filter((key) => !['firstName', 'lastName', 'street', 'postcode', 'city', 'phone', 'email'].includes(key) && key !== '__proto__'), fc.jsonValue(), (data, key, value) => {
        expect(accepts({ ...data, [key]: value })).toBe(false);
      }),
    );
  });

  it('refuses a missing, blank or over-long required field', () => {
    for (const field of ['firstName', 'lastName', 'street', 'postcode', 'city', 'phone'] as const) {
      const { [field]: _dropped, ...missing } = valid;
      expect(accepts(missing), `${field} missing`).toBe(false);
      expect(accepts({ ...valid, [field]: '   ' }), `${field} blank`).toBe(false);
      expect(accepts({ ...valid, [field]: 'x'.repeat(200) }), `${field} too long`).toBe(false);
    }
  });

  it('wants a phone number a health office can dial and a plausible postcode', () => {
    for (const phone of ['12345', '+49 (0) 12', 'call me', '0049 30 1234567 ext', '+'.repeat(10)]) expect(accepts({ ...valid, phone }), phone).toBe(false);
    for (const phone of ['+49 30 1234567', '030/1234567', '0170-9988776', '(030) 123 456']) expect(accepts({ ...valid, phone }), phone).toBe(true);
    for (const postcode of ['1', '12', '10115!', 'a'.repeat(11)]) expect(accepts({ ...valid, postcode }), postcode).toBe(false);
    for (const postcode of ['10115', 'A-1010', 'SW1A 1AA']) expect(accepts({ ...valid, postcode }), postcode).toBe(true);
    expect(accepts({ ...valid, email: 'not an address' })).toBe(false);
  });
});
