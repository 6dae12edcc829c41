import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { companionInputSchema } from './companion-input.ts';
import { CompanionWireSchema } from './party.ts';

const germanGuest = companionInputSchema('DE');

/** The rule codes of the refused fields, by dotted path ("address.postcode"). */
function refusals(input: unknown, schema = germanGuest): Record<string, string> {
  const result = v.safeParse(schema, input);
  if (result.success) return {};
  const found: Record<string, string> = {};
  for (const issue of result.issues) {
    const path = (issue.path ?? []).map((item) => String(item.key)).join('.');
    found[path] ??= issue.message;
  }
  return found;
}

const address = { street: 'Kastanienallee', houseNumber: '77', postcode: '10435', city: 'Berlin', country: 'DE' };

describe('companion input rules', () => {
  it('needs only a name; a phone is stored in international form for the guest’s country', () => {
    expect(v.parse(germanGuest, { firstName: 'Mia', lastName: 'Muster' })).toEqual({ firstName: 'Mia', lastName: 'Muster' });
    expect(v.parse(germanGuest, { firstName: 'Ben', lastName: 'Muster', phone: '0170 9988776' })).toEqual({
      firstName: 'Ben',
      lastName: 'Muster',
      phone: '+49 170 9988776',
    });
    // The same digits are read for the guest's own country when the person has no address of their own.
    expect(v.parse(companionInputSchema('AT'), { firstName: 'Lea', lastName: 'Gruber', phone: '0664 123456' }).phone).toBe(
      '+43 664 123456',
    );
  });

  it('reads a phone for the person’s own country when they have an address of their own', () => {
    const person = {
      firstName: 'Noor',
      lastName: 'Jansen',
      phone: '020 1234567',
      address: { ...address, country: 'NL', postcode: '1011 ab' },
    };
    expect(v.parse(germanGuest, person)).toEqual({
      ...person,
      phone: '+31 20 123 4567',
      address: { ...person.address, postcode: '1011 AB' },
    });
  });

  it('explains every wrong field at once, by its path', () => {
    expect(refusals({ firstName: 'M', lastName: '', phone: '12345' })).toEqual({ firstName: 'name', lastName: 'required', phone: 'phone' });
    expect(refusals({ firstName: 'Mia', lastName: 'Muster', address: { ...address, postcode: '1043', houseNumber: 'vorne' } })).toEqual({
      'address.houseNumber': 'house_number',
      'address.postcode': 'postcode',
    });
  });

  it('wants an address complete or not at all', () => {
    const { city: _city, ...withoutCity } = address;
    expect(refusals({ firstName: 'Mia', lastName: 'Muster', address: withoutCity })).toHaveProperty(['address.city']);
  });

  it('refuses fields it does not know (a seat comes from the host page, never typed)', () => {
    expect(v.safeParse(germanGuest, { firstName: 'Mia', lastName: 'Muster', seat: 'F12' }).success).toBe(false);
    expect(v.safeParse(germanGuest, { firstName: 'Mia', lastName: 'Muster', email: 'mia@example.org' }).success).toBe(false);
  });

  it('accepts only what the wire schema also accepts (property)', () => {
    const name = fc.string({ minLength: 0, maxLength: 90 });
    fc.assert(
      fc.property(
        fc.record(
          { firstName: name, lastName: name, phone: fc.constantFrom('030 1234567', '0170 9988776', 'x', '+44 20 7946 0958') },
          { requiredKeys: ['firstName', 'lastName'] },
        ),
        (input) => {
          const result = v.safeParse(germanGuest, input);
          if (result.success) expect(v.safeParse(CompanionWireSchema, result.output).success).toBe(true);
        },
      ),
    );
  });
});
