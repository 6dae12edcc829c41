/**
 * The rules a contact form applies (guest app, widget frame, kiosk, the saved-data popup's
 * completion): contact data an office can use. Everything this schema accepts is also a valid
 * wire contact (contact.ts), with house number and country always present and the phone number
 * normalised to international format.
 *
 * - Names: at least 2 characters, at least one of them a letter.
 * - Street and house number apart: the house number holds a digit ("12", "12a", "12-14", "3 b").
 * - Postcode by country: Germany exactly 5 digits; other countries by postcode-validator's rule
 *   for that country, or, for a country it has none for, 3-10 letters, digits, spaces or hyphens.
 * - Phone: a valid number for the country (protocol/phone.ts), stored as "+49 30 1234567".
 *
 * Each issue's message is a rule code (ContactRule), not a text: the form shows its own text in
 * the guest's language next to the field the path names.
 *
 * This module pulls in libphonenumber-js (about 50 KB gzipped): the apps load it on demand.
 */
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator';
import * as v from 'valibot';
import { CONTACT_LIMITS } from './contact.ts';
import { CONTACT_COUNTRIES } from './countries.ts';
import { internationalPhone } from './phone.ts';

export type ContactRule = 'required' | 'too_long' | 'name' | 'house_number' | 'postcode' | 'country' | 'phone' | 'email';

const rule = (code: ContactRule) => code;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, rule('required')), v.maxLength(max, rule('too_long')));
const name = v.pipe(
  text(CONTACT_LIMITS.name),
  v.check((value) => Array.from(value).length >= 2 && /\p{L}/u.test(value), rule('name')),
);

/** A house number holds a digit; letters, spaces, "-", "/" and "." may join it ("12a", "12-14", "3 b", "7/1"). */
export const HOUSE_NUMBER = /^(?=.*\p{N})[\p{L}\p{N}](?:[\p{L}\p{N} ./-]*[\p{L}\p{N}])?$/u;
/** For countries postcode-validator has no rule for. */
const ANY_POSTCODE = /^[A-Z0-9](?:[A-Z0-9 -]{1,8})[A-Z0-9]$/;

export function postcodeFits(postcode: string, country: string): boolean {
  if (country === 'DE') return /^\d{5}$/.test(postcode);
  return postcodeValidatorExistsForCountry(country) ? postcodeValidator(postcode, country) : ANY_POSTCODE.test(postcode);
}

export const ContactInputSchema = v.pipe(
  v.strictObject({
    firstName: name,
    lastName: name,
    street: text(CONTACT_LIMITS.street),
    houseNumber: v.pipe(text(CONTACT_LIMITS.houseNumber), v.regex(HOUSE_NUMBER, rule('house_number'))),
    // Upper case, so that "sw1a 1aa" and "1011 ab" meet their countries' rules.
    postcode: v.pipe(text(CONTACT_LIMITS.postcode), v.toUpperCase()),
    city: text(CONTACT_LIMITS.city),
    country: v.picklist(CONTACT_COUNTRIES, rule('country')),
    phone: text(CONTACT_LIMITS.phone),
    email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(CONTACT_LIMITS.email, rule('too_long')), v.email(rule('email')))),
  }),
  // Checked even when other fields fail, so that every wrong field is explained at once.
  v.forward(
    v.partialCheck([['postcode'], ['country']], (contact) => postcodeFits(contact.postcode, contact.country), rule('postcode')),
    ['postcode'],
  ),
  v.forward(
    v.partialCheck([['phone'], ['country']], (contact) => internationalPhone(contact.phone, contact.country) !== undefined, rule('phone')),
    ['phone'],
  ),
  v.transform((contact) => ({ ...contact, phone: internationalPhone(contact.phone, contact.country) ?? contact.phone })),
);

export type ContactInput = v.InferOutput<typeof ContactInputSchema>;

/** True if a stored contact meets today's rules; false for one an older version stored, or one the rules have since outgrown. */
export function meetsInputRules(contact: unknown): boolean {
  return v.safeParse(ContactInputSchema, contact).success;
}
