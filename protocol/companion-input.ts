/**
 * The rules a form applies to a person who comes with the guest (the guest app's "Personen", the
 * widget's further guests, the kiosk's "weitere Person"): the same rules as the guest's own data
 * (contact-input.ts) for what is given, and only a name is required.
 *
 * - Names: at least 2 characters, at least one of them a letter.
 * - Phone, optional: a valid number for the person's own country, or else the guest's
 *   (`leadCountry`), stored as "+49 30 1234567". Without one the office calls the guest.
 * - Address, optional: then complete, with contact-input's rules for house number and postcode.
 *   Without one the person lives at the guest's address.
 * - No seat: a seat comes from the host page's seat list (widget-attributes.ts), never typed; the
 *   widget adds it to the validated person.
 *
 * Issues carry ContactRule codes and a path, like ContactInputSchema, so forms show their own text
 * next to the field. Pulls in libphonenumber-js: the apps load it on demand.
 */
import * as v from 'valibot';
import { CONTACT_LIMITS } from './contact.ts';
import { type ContactRule, HOUSE_NUMBER, postcodeFits } from './contact-input.ts';
import { CONTACT_COUNTRIES } from './countries.ts';
import { internationalPhone } from './phone.ts';

const rule = (code: ContactRule) => code;
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, rule('required')), v.maxLength(max, rule('too_long')));
const name = v.pipe(
  text(CONTACT_LIMITS.name),
  v.check((value) => Array.from(value).length >= 2 && /\p{L}/u.test(value), rule('name')),
);

const AddressInputSchema = v.pipe(
  v.strictObject({
    street: text(CONTACT_LIMITS.street),
    houseNumber: v.pipe(text(CONTACT_LIMITS.houseNumber), v.regex(HOUSE_NUMBER, rule('house_number'))),
    postcode: v.pipe(text(CONTACT_LIMITS.postcode), v.toUpperCase()),
    city: text(CONTACT_LIMITS.city),
    country: v.picklist(CONTACT_COUNTRIES, rule('country')),
  }),
  v.forward(
    v.partialCheck([['postcode'], ['country']], (address) => postcodeFits(address.postcode, address.country), rule('postcode')),
    ['postcode'],
  ),
);

/** The form rules for one companion of a guest whose own address is in `leadCountry`. */
export function companionInputSchema(leadCountry: string) {
  const countryOf = (person: { address?: { country: string } | undefined }) => person.address?.country ?? leadCountry;
  return v.pipe(
    v.strictObject({
      firstName: name,
      lastName: name,
      phone: v.optional(text(CONTACT_LIMITS.phone)),
      address: v.optional(AddressInputSchema),
    }),
    v.forward(
      v.partialCheck(
        [['phone'], ['address', 'country']],
        (person) => person.phone === undefined || internationalPhone(person.phone, countryOf(person)) !== undefined,
        rule('phone'),
      ),
      ['phone'],
    ),
    v.transform((person) => {
      const phone = person.phone === undefined ? undefined : (internationalPhone(person.phone, countryOf(person)) ?? person.phone);
      return {
        firstName: person.firstName,
        lastName: person.lastName,
        ...(phone === undefined ? {} : { phone }),
        ...(person.address === undefined ? {} : { address: person.address }),
      };
    }),
  );
}

export type CompanionInput = v.InferOutput<ReturnType<typeof companionInputSchema>>;
