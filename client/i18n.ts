/**
 * German and English for every screen. German is the default (the users are in Germany); English
 * is chosen when the browser prefers it or the user switched. Messages are plain functions so that
 * placeholders are typed.
 */
export type Lang = 'de' | 'en';

const STORAGE_KEY = 'luca-lang';

// This module also runs in Node (the unit tests), where there may be no navigator and no
// localStorage whatever the DOM types say; an older browser may have no `navigator.languages`.
const browserNavigator = () => globalThis.navigator as { readonly languages?: readonly string[] } | undefined;
const storage = () => globalThis.localStorage as Storage | undefined;

/** An explicit choice ('de' or 'en') if there is one, else the browser's language; no storage is read. */
export function langFrom(requested: string | null | undefined): Lang {
  if (requested === 'de' || requested === 'en') return requested;
  const browser = browserNavigator()?.languages?.[0] ?? 'de';
  return browser.toLowerCase().startsWith('en') ? 'en' : 'de';
}

export function preferredLang(): Lang {
  return langFrom(storage()?.getItem(STORAGE_KEY));
}

export function rememberLang(lang: Lang): void {
  storage()?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

/** Picks the catalogue for `lang`; both catalogues must have the same keys (checked by the type). */
export function catalogue<T extends Record<string, unknown>>(messages: { de: T; en: NoInfer<T> }, lang: Lang): T {
  return messages[lang];
}
