/**
 * Phone numbers, with libphonenumber-js (Google's libphonenumber metadata, "max" set: the precise
 * number ranges of each country, so that "12345" is not a German number; the smaller "min" set
 * only checks lengths and accepts it).
 *
 * - Input: a number as a guest types it ("030 1234567", "+49 30 1234567", "0049 …"), read with the
 *   guest's country as the default, accepted only if valid, stored in international format.
 * - Export: a number a German office dials as written and that no spreadsheet reads as a formula
 *   or a number: German numbers in national format ("030 1234567"), others with the international
 *   prefix 00 ("0044 20 7946 0958"). Both begin with a digit and hold a space.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DEFAULT_COUNTRY } from './countries.ts';

/** What may appear in a typed phone number: digits, a leading plus, spaces and the usual separators. */
const PHONE_CHARACTERS = /^\+?[0-9 ()./-]+$/;

function parse(typed: string, country: string) {
  const value = typed.trim();
  // The library would pick a number out of any text ("call 030 …"); a phone field holds only a number.
  if (!PHONE_CHARACTERS.test(value)) return undefined;
  try {
    const parsed = parsePhoneNumberFromString(value, country as CountryCode);
    // An extension ("… ext. 12") is not dialable as one number.
    return parsed?.isValid() && !parsed.ext ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The number in international format ("+49 30 1234567"), or undefined if it is not a valid number. */
export function internationalPhone(typed: string, country: string): string | undefined {
  return parse(typed, country)?.formatInternational();
}

/**
 * The number as an office in Germany dials it: national format for German numbers, else the
 * international format with 00 for the plus. `country` is the contact's (older contacts have
 * none: German). A number that does not parse (an older app version took any digits) is returned
 * as stored; the export then neutralises it like any other cell.
 */
export function dialablePhone(stored: string, country: string = DEFAULT_COUNTRY): string {
  const parsed = parse(stored, country);
  if (!parsed) return stored;
  const national = parsed.formatNational();
  // A national format without a space would be read as a number (and lose its leading 0).
  if (parsed.countryCallingCode === '49' && national.startsWith('0') && national.includes(' ')) return national;
  return `00${parsed.formatInternational().slice(1)}`;
}
