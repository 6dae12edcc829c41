/**
 * The text shown next to a field for a rule of the contact or companion input schemas
 * (protocol/contact-input.ts, protocol/companion-input.ts): one place for the guest's contact form,
 * the guest app's person form and the widget's further persons, in the catalogue's language.
 */
import { countryName } from './country-options.ts';
import type { ContactFormMessages } from './contact-messages.ts';

type RuleTexts = Pick<
  ContactFormMessages,
  | 'lang'
  | 'required'
  | 'tooLong'
  | 'invalidName'
  | 'invalidHouseNumber'
  | 'invalidPostcodeDe'
  | 'invalidPostcode'
  | 'invalidCountry'
  | 'invalidPhone'
  | 'invalidEmail'
>;

/**
 * `rule` is an issue's message (a ContactRule code); `countries` are the ISO codes the postcode
 * and the phone number were checked for. An empty field is "required", a missing house number
 * explained with its examples.
 */
export function contactRuleText(m: RuleTexts, rule: string, field: string, countries: { postcode: string; phone: string }): string {
  switch (rule) {
    case 'too_long':
      return m.tooLong;
    case 'name':
      return m.invalidName;
    case 'house_number':
      return m.invalidHouseNumber;
    case 'postcode':
      return countries.postcode === 'DE' ? m.invalidPostcodeDe : m.invalidPostcode(countryName(countries.postcode, m.lang));
    case 'country':
      return m.invalidCountry;
    case 'phone':
      return m.invalidPhone(countryName(countries.phone, m.lang));
    case 'email':
      return m.invalidEmail;
    default:
      return field === 'houseNumber' ? m.invalidHouseNumber : m.required;
  }
}
