/**
 * The guest's contact data as it travels inside a ciphertext (the inner layer of a check-in):
 * what a health office needs to reach a contact person, nothing more.
 *
 * This is the *wire* schema: strict about shape (unknown keys refused, every string bounded, so
 * nothing else rides along) and lenient about content, because an office must still open what
 * older app versions sealed within the last 28 days: no house number (it was part of the street),
 * no country (those contacts are German), any postcode of 3-10 characters, and a phone number as
 * typed. The rules a form applies before anything is sealed are the *input* schema in
 * contact-input.ts; every contact it accepts is also accepted here.
 */
import * as v from 'valibot';

/** Upper bounds shared by both schemas. */
export const CONTACT_LIMITS = { name: 80, street: 120, houseNumber: 20, postcode: 12, city: 80, phone: 32, email: 254 } as const;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

export const ContactWireSchema = v.strictObject({
  firstName: text(CONTACT_LIMITS.name),
  lastName: text(CONTACT_LIMITS.name),
  street: text(CONTACT_LIMITS.street),
  /** Absent in contacts older app versions wrote (the number was then part of `street`). */
  houseNumber: v.optional(text(CONTACT_LIMITS.houseNumber)),
  postcode: text(CONTACT_LIMITS.postcode),
  city: text(CONTACT_LIMITS.city),
  /** ISO 3166-1 alpha-2; absent in contacts older app versions wrote, which are German. */
  country: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))),
  /** New contacts: international format, e.g. "+49 30 1234567"; older ones as typed. */
  phone: text(CONTACT_LIMITS.phone),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(CONTACT_LIMITS.email), v.email())),
});

export type ContactData = v.InferOutput<typeof ContactWireSchema>;
