/**
 * What the person form loads on demand (web/guest/load-companion-rules.ts): the companion input
 * schema with libphonenumber-js and postcode-validator, and the phone examples the contact form
 * shows. Shares its libraries with the contact form's chunk (client/contact-rules.ts).
 */
export { companionInputSchema, type CompanionInput } from '../../protocol/companion-input.ts';
export { phoneExample } from '../../client/contact-rules.ts';
