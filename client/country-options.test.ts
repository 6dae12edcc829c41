import { describe, expect, it } from 'vitest';
import { CONTACT_COUNTRIES } from '../protocol/countries.ts';
import { countryName, countryOptions } from './country-options.ts';

describe('the country select', () => {
  it('offers Germany first, then its neighbours, then the rest, each alphabetically in the form’s language', () => {
    const de = countryOptions('de');
    expect(de.map((option) => option.name).slice(0, 10)).toEqual([
      'Deutschland',
      'Belgien',
      'Dänemark',
      'Frankreich',
      'Luxemburg',
      'Niederlande',
      'Österreich',
      'Polen',
      'Schweiz',
      'Tschechien',
    ]);
    const en = countryOptions('en');
    expect(en.map((option) => option.name).slice(0, 10)).toEqual([
      'Germany',
      'Austria',
      'Belgium',
      'Czechia',
      'Denmark',
      'France',
      'Luxembourg',
      'Netherlands',
      'Poland',
      'Switzerland',
    ]);
    for (const options of [de, en]) {
      expect(new Set(options.map((option) => option.code))).toEqual(new Set(CONTACT_COUNTRIES));
      const rest = options.slice(10).map((option) => option.name);
      expect(rest).toEqual([...rest].sort(new Intl.Collator(options === de ? 'de' : 'en').compare));
    }
    expect(countryName('NL', 'de')).toBe('Niederlande');
  });
});
