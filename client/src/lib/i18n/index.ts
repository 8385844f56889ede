import { addMessages, init, locale, register } from 'svelte-i18n';
import de from './de.json';
import editorDe from './editor.de.json';
import placesDe from './places.de.json';
import findingsDe from './findings.de.json';
import housekeepingDe from './housekeeping.de.json';
import teamDe from './team.de.json';
import accountsDe from './accounts.de.json';
import publicationDe from './publication.de.json';
import bindDe from './bind.de.json';
import reportsDe from './reports.de.json';
import underlayDe from './underlay.de.json';
import privacyDe from './privacy.de.json';
import publicWebDe from './publicweb.de.json';
import picturesDe from './pictures.de.json';
import profilesDe from './profiles.de.json';
import offlineDe from './offline.de.json';
import handoverDe from './handover.de.json';
import applicationsDe from './applications.de.json';
import recurrenceDe from './recurrence.de.json';
import rotaDe from './rota.de.json';
import callsDe from './calls.de.json';
import juryDe from './jury.de.json';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'planner.locale';

// German is bundled with the app; English is a chunk of its own, loaded when someone chooses it, so the
// pages (the public programme above all) do not carry both languages (issue 19's bundle budgets).
// Each area's messages live in their own file (de and en); add a new area's German file here and its
// English file in en-messages.ts.
addMessages(
  'de',
  de,
  editorDe,
  placesDe,
  findingsDe,
  housekeepingDe,
  teamDe,
  accountsDe,
  publicationDe,
  bindDe,
  reportsDe,
  underlayDe,
  privacyDe,
  publicWebDe,
  picturesDe,
  profilesDe,
  offlineDe,
  handoverDe,
  applicationsDe,
  recurrenceDe,
  rotaDe,
  callsDe,
  juryDe,
);
register('en', () => import('./en-messages.ts').then((m) => m.default));

function initial(): Locale {
  if (typeof localStorage !== 'undefined') {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'de' || saved === 'en') return saved;
  }
  return 'de'; // German first, whatever the browser says: the product's audience is in Dortmund.
}

// German never waits; a saved choice of English loads its chunk first (the root layout's load awaits
// `localeReady()`, so no page renders before its messages are there).
void init({ fallbackLocale: 'de', initialLocale: initial() });

/** Resolves once the current locale's messages are loaded (at once for German). */
export { waitLocale as localeReady } from 'svelte-i18n';

export function setLocale(next: Locale) {
  void locale.set(next);
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export { locale, t, _ } from 'svelte-i18n';
