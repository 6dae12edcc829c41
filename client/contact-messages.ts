/**
 * The contact form's texts (guest app, widget frame, popup), German and English. Every rule of
 * the input schema (protocol/contact-input.ts) has its own text, shown next to its field.
 */
import type { Lang } from './i18n.ts';

/** A phone number of the chosen country, as typed at home and in international format. */
export interface PhoneExample {
  national: string;
  international: string;
}

const de = {
  /** The language of the country names in the select (Intl.DisplayNames). */
  lang: 'de' as Lang,
  firstName: 'Vorname',
  lastName: 'Nachname',
  street: 'Straße',
  houseNumber: 'Hausnummer',
  postcode: 'Postleitzahl',
  city: 'Ort',
  country: 'Land',
  phone: 'Telefonnummer',
  email: 'E-Mail (freiwillig)',
  save: 'Speichern',
  required: 'Bitte ausfüllen.',
  invalidName: 'Bitte den ganzen Namen eingeben (mindestens 2 Zeichen).',
  invalidHouseNumber: 'Bitte die Hausnummer eintragen, z. B. 12, 12a oder 12-14.',
  invalidPostcodeDe: 'Bitte die Postleitzahl mit 5 Ziffern eingeben, z. B. 10115.',
  invalidPostcode: (country: string) => `Keine gültige Postleitzahl (Land: ${country}). Bitte prüfen.`,
  invalidCountry: 'Bitte ein Land auswählen.',
  phoneHint: (example: PhoneExample) => `Mit Vorwahl, z. B. ${example.national} oder ${example.international}.`,
  invalidPhone: (country: string) => `Keine gültige Telefonnummer (Land: ${country}). Bitte mit Vorwahl eingeben, wie im Beispiel.`,
  invalidEmail: 'Bitte eine gültige E-Mail-Adresse eingeben oder das Feld leer lassen.',
  tooLong: 'Dieser Eintrag ist zu lang.',
  rulesUnavailable: (reason: string) => `Die Eingaben konnten nicht geprüft werden. ${reason}`,
};

const en: typeof de = {
  lang: 'en',
  firstName: 'First name',
  lastName: 'Last name',
  street: 'Street',
  houseNumber: 'House number',
  postcode: 'Postcode',
  city: 'City',
  country: 'Country',
  phone: 'Phone number',
  email: 'E-mail (optional)',
  save: 'Save',
  required: 'Please fill in.',
  invalidName: 'Please enter the full name (at least 2 characters).',
  invalidHouseNumber: 'Please enter the house number, e.g. 12, 12a or 12-14.',
  invalidPostcodeDe: 'Please enter the postcode with 5 digits, e.g. 10115.',
  invalidPostcode: (country) => `Not a valid postcode (country: ${country}). Please check it.`,
  invalidCountry: 'Please choose a country.',
  phoneHint: (example) => `With area code, e.g. ${example.national} or ${example.international}.`,
  invalidPhone: (country) => `Not a valid phone number (country: ${country}). Please enter it with the area code, as in the example.`,
  invalidEmail: 'Please enter a valid e-mail address or leave the field empty.',
  tooLong: 'This entry is too long.',
  rulesUnavailable: (reason) => `The entries could not be checked. ${reason}`,
};

export const contactFormMessages = { de, en };

export type ContactFormMessages = typeof de;
