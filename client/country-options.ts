/**
 * The contact form's country select: names from Intl.DisplayNames in the form's language,
 * Germany first, then its neighbours, then every other country, each group in alphabetical order
 * of that language.
 */
import { CONTACT_COUNTRIES, type ContactCountry, DEFAULT_COUNTRY, NEIGHBOUR_COUNTRIES } from '../protocol/countries.ts';
import type { Lang } from './i18n.ts';

export interface CountryOption {
  code: ContactCountry;
  name: string;
}

const cache = new Map<Lang, CountryOption[]>();

export function countryName(code: string, lang: Lang): string {
  return new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

export function countryOptions(lang: Lang): CountryOption[] {
  const cached = cache.get(lang);
  if (cached) return cached;
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  const collator = new Intl.Collator(lang);
  const byName = (a: CountryOption, b: CountryOption) => collator.compare(a.name, b.name);
  const all = CONTACT_COUNTRIES.map((code) => ({ code, name: names.of(code) ?? code }));
  const neighbour = (option: CountryOption) => NEIGHBOUR_COUNTRIES.includes(option.code);
  const options = [
    ...all.filter((option) => option.code === DEFAULT_COUNTRY),
    ...all.filter(neighbour).sort(byName),
    ...all.filter((option) => option.code !== DEFAULT_COUNTRY && !neighbour(option)).sort(byName),
  ];
  cache.set(lang, options);
  return options;
}
