import { addMessages, init, locale } from 'svelte-i18n';
import de from './de.json';
import en from './en.json';
import editorDe from './editor.de.json';
import editorEn from './editor.en.json';
import placesDe from './places.de.json';
import placesEn from './places.en.json';
import findingsDe from './findings.de.json';
import findingsEn from './findings.en.json';
import housekeepingDe from './housekeeping.de.json';
import housekeepingEn from './housekeeping.en.json';
import teamDe from './team.de.json';
import teamEn from './team.en.json';
import accountsDe from './accounts.de.json';
import accountsEn from './accounts.en.json';
import publicationDe from './publication.de.json';
import publicationEn from './publication.en.json';
import bindDe from './bind.de.json';
import bindEn from './bind.en.json';
import profilesDe from './profiles.de.json';
import profilesEn from './profiles.en.json';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'planner.locale';

addMessages('de', de);
addMessages('en', en);
addMessages('de', editorDe);
addMessages('en', editorEn);
addMessages('de', placesDe);
addMessages('en', placesEn);
addMessages('de', findingsDe);
addMessages('en', findingsEn);
addMessages('de', housekeepingDe);
addMessages('en', housekeepingEn);
addMessages('de', teamDe);
addMessages('en', teamEn);
addMessages('de', accountsDe);
addMessages('en', accountsEn);
addMessages('de', publicationDe);
addMessages('en', publicationEn);
addMessages('de', bindDe);
addMessages('en', bindEn);
addMessages('de', profilesDe);
addMessages('en', profilesEn);

function initial(): Locale {
  if (typeof localStorage !== 'undefined') {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'de' || saved === 'en') return saved;
  }
  return 'de'; // German first, whatever the browser says: the product's audience is in Dortmund.
}

// The messages are bundled (no loaders), so initialising never waits for anything.
void init({ fallbackLocale: 'de', initialLocale: initial() });

export function setLocale(next: Locale) {
  void locale.set(next);
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export { locale, t, _ } from 'svelte-i18n';
