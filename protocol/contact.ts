/**
 * The guest's contact data: what a health office needs to reach a contact person, nothing more.
 * The same schema validates the PWA's form, the widget's form and what an office decrypts.
 */
import * as v from 'valibot';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

export const ContactDataSchema = v.strictObject({
  firstName: text(80),
  lastName: text(80),
  street: text(120),
  postcode: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9 -]{3,10}$/)),
  city: text(80),
  phone: v.pipe(v.string(), v.trim(), v.regex(/^\+?[0-9 ()/-]{6,24}$/), v.check((value) => value.replace(/\D/g, '').length >= 6)),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254), v.email())),
});

export type ContactData = v.InferOutput<typeof ContactDataSchema>;
