/**
 * The values a contact form starts with: the stored contact, completed where an older app version
 * stored less. Such a contact has no country (it was German) and its house number is part of the
 * street; a trailing number ("Kastanienallee 77", "Hauptstr. 12a", "Am Markt 12-14", "Weg 3 b") is
 * split off into its own field. A street without one ("Straße des 17. Juni") stays as it is, for
 * the guest to complete.
 */
import type { ContactData } from '../protocol/contact.ts';
import { DEFAULT_COUNTRY } from '../protocol/countries.ts';

export type ContactField = keyof ContactData;
export type ContactValues = Record<ContactField, string>;

/** A street that ends in a house number: the rest has a letter, the number starts with a digit. */
const TRAILING_NUMBER = /^(.*\p{L}.*?)\s+(\d+\s?\p{L}?(?:\s?[-/]\s?\d+\s?\p{L}?)?)$/u;

export function splitHouseNumber(street: string): { street: string; houseNumber: string } | undefined {
  const match = TRAILING_NUMBER.exec(street.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { street: match[1].replace(/,$/, ''), houseNumber: match[2] };
}

export function prefillContact(contact: ContactData | undefined): ContactValues {
  const values: ContactValues = {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    street: contact?.street ?? '',
    houseNumber: contact?.houseNumber ?? '',
    postcode: contact?.postcode ?? '',
    city: contact?.city ?? '',
    country: contact?.country ?? DEFAULT_COUNTRY,
    phone: contact?.phone ?? '',
    email: contact?.email ?? '',
  };
  if (contact && contact.houseNumber === undefined) {
    const split = splitHouseNumber(contact.street);
    if (split) Object.assign(values, split);
  }
  return values;
}
