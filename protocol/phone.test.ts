import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { CONTACT_COUNTRIES } from './countries.ts';
import { dialablePhone, internationalPhone } from './phone.ts';

/**
 * Valid numbers of every country: each country's example mobile number with its last digits
 * varied, kept only where libphonenumber still calls it valid (what the input schema stores).
 */
const validNumber = fc
  .tuple(fc.constantFrom(...CONTACT_COUNTRIES), fc.integer({ min: 0, max: 999 }))
  .map(([country, tail]) => {
    const example = getExampleNumber(country, examples);
    if (!example) return undefined;
    const digits = example.nationalNumber;
    const varied = `${digits.slice(0, -3)}${String(tail).padStart(3, '0')}`.slice(-digits.length);
    const parsed = parsePhoneNumberFromString(`+${example.countryCallingCode}${varied}`);
    return parsed?.isValid() ? { country, international: parsed.formatInternational(), e164: parsed.number } : undefined;
  })
  .filter((value) => value !== undefined);

describe('phone numbers', () => {
  it('normalises a typed number to international form, with the guest’s country as the default', () => {
    expect(internationalPhone('030 1234567', 'DE')).toBe('+49 30 1234567');
    expect(internationalPhone('0170/9988776', 'DE')).toBe('+49 170 9988776');
    expect(internationalPhone('+44 20 7946 0958', 'DE')).toBe('+44 20 7946 0958');
    expect(internationalPhone('0044 20 7946 0958', 'DE')).toBe('+44 20 7946 0958');
    expect(internationalPhone('020 7946 0958', 'GB')).toBe('+44 20 7946 0958');
    for (const junk of ['', '12345', 'abc', 'call 030 1234567', '030 1234567 ext 5', '+49 30', '030 12345678901234'])
      expect(internationalPhone(junk, 'DE'), junk).toBeUndefined();
  });

  it('exports German numbers in national format and others with 00, dialable from Germany as written', () => {
    expect(dialablePhone('+49 30 1234567', 'DE')).toBe('030 1234567');
    expect(dialablePhone('+49 170 9988776')).toBe('0170 9988776');
    expect(dialablePhone('+44 20 7946 0958', 'GB')).toBe('0044 20 7946 0958');
    // A foreign number of a guest living in Germany, and a German one of a guest living abroad.
    expect(dialablePhone('+43 664 123456', 'DE')).toBe('0043 664 123456');
    expect(dialablePhone('+49 30 1234567', 'AT')).toBe('030 1234567');
  });

  it('never needs the neutralisation mark, and reads back as the same number', () => {
    fc.assert(
      fc.property(validNumber, ({ country, international, e164 }) => {
        const written = dialablePhone(international, country);
        // Text to a spreadsheet: a digit first (so no formula mark is needed, which the office's
        // export checks with its own neutralisation in web/health/csv-export.test.ts), and a space,
        // so never a number losing its leading 0.
        expect(written).toMatch(/^0\d*[ \d()-]* \d/);
        expect(written).not.toMatch(/^\d+$/);
        // Dialled from Germany as written.
        expect(parsePhoneNumberFromString(written, 'DE')?.number).toBe(e164);
        expect(written.startsWith('00')).toBe(!e164.startsWith('+49'));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes what an older version stored and does not parse as it was (the export then neutralises it)', () => {
    for (const stored of ['12345', '+49 (0) 12', '030/12', 'unbekannt']) expect(dialablePhone(stored), stored).toBe(stored);
    // An older contact's number as typed, without country: read as German.
    expect(dialablePhone('030/1234567')).toBe('030 1234567');
    expect(dialablePhone('+49 170 9988776')).toBe('0170 9988776');
  });
});
