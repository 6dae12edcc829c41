/** How the app names a group of people in a sentence: "Mia Muster und Leo Muster", "You, Mia and Leo". */
import type { Lang } from '../../client/i18n.ts';

export function listOfNames(names: readonly string[], lang: Lang): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(names);
}
