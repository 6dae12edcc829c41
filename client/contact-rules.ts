/**
 * What the contact form loads on demand: the input schema with libphonenumber-js and
 * postcode-validator (about 50 KB gzipped together), and a phone example for each country. The
 * form's first paint does not wait for it (client/luca-contact-form.ts starts loading it when
 * the form appears and awaits it on submit), so neither the guest app's first load nor the widget
 * frame page carries it.
 */
import examples from 'libphonenumber-js/examples.mobile.json';
import { type CountryCode, getExampleNumber } from 'libphonenumber-js/max';
import type { PhoneExample } from './contact-messages.ts';

export { ContactInputSchema, type ContactInput, type ContactRule, meetsInputRules } from '../protocol/contact-input.ts';
// In this one chunk too (the widget's further persons): a second lazy chunk would pull the valibot
// parts both use into the page that loads them.
export { companionInputSchema } from '../protocol/companion-input.ts';

/** A mobile number of the country from libphonenumber's examples, written both ways the form accepts. */
export function phoneExample(country: string): PhoneExample {
  const example = getExampleNumber(country as CountryCode, examples);
  return example
    ? { national: example.formatNational(), international: example.formatInternational() }
    : { national: '030 1234567', international: '+49 30 1234567' };
}
