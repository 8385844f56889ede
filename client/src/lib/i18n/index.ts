import { addMessages, init, locale, register } from 'svelte-i18n';
import de from './de.json';
import placesDe from './places.de.json';
import accountsDe from './accounts.de.json';
import privacyDe from './privacy.de.json';
import publicWebDe from './publicweb.de.json';
import offlineDe from './offline.de.json';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'planner.locale';

// German is bundled with the app; English is a chunk of its own, loaded when someone chooses it, so the
// pages (the public programme above all) do not carry both languages (issue 19's bundle budgets).
// Each area's messages live in their own file (de and en); add a new area's German file here (or to
// AREAS_DE below when only some pages need it) and its English file in en-messages.ts.
addMessages('de', de, placesDe, accountsDe, privacyDe, publicWebDe, offlineDe);
register('en', () => import('./en-messages.ts').then((m) => m.default));

/**
 * Areas whose German messages load with the pages that use them, not with every page: the open calls
 * (calls, applications, jury), the on-site tools (rota, handover), reports, the underlay, pictures and
 * profiles are almost half of the messages, and the public programme has a budget (issue 19). The
 * `(app)` layout loads them all; the public call and profile pages load theirs. English has them all in
 * its chunk.
 */
const AREAS_DE = {
  calls: () => import('./calls.de.json'),
  applications: () => import('./applications.de.json'),
  jury: () => import('./jury.de.json'),
  rota: () => import('./rota.de.json'),
  handover: () => import('./handover.de.json'),
  reports: () => import('./reports.de.json'),
  underlay: () => import('./underlay.de.json'),
  pictures: () => import('./pictures.de.json'),
  profiles: () => import('./profiles.de.json'),
  // Only the signed-in app's pages use these (the editor, its findings, housekeeping, team, publication,
  // decisions and recurring hours): ≈ 8 KiB gzip off the public pages (issue 19, second session).
  editor: () => import('./editor.de.json'),
  findings: () => import('./findings.de.json'),
  housekeeping: () => import('./housekeeping.de.json'),
  team: () => import('./team.de.json'),
  publication: () => import('./publication.de.json'),
  bind: () => import('./bind.de.json'),
  recurrence: () => import('./recurrence.de.json'),
} as const;
export type MessageArea = keyof typeof AREAS_DE;
const loadedAreas = new Map<MessageArea, Promise<void>>();

/** Loads the German messages of these areas (once each); resolves when they are there. */
export function loadAreas(...areas: MessageArea[]): Promise<void> {
  const fresh = areas.filter((area) => !loadedAreas.has(area));
  if (fresh.length) {
    // One addMessages for all of them: each call deep-merges the whole German dictionary again (svelte-i18n's
    // deepmerge), and the app layout's 16 areas one by one cost ≈ 0.2 s at 4× CPU throttling (issue 19).
    const loading = Promise.all(fresh.map((area) => AREAS_DE[area]())).then((mods) =>
      addMessages('de', ...mods.map((m) => m.default)),
    );
    for (const area of fresh) loadedAreas.set(area, loading);
  }
  return Promise.all(areas.map((area) => loadedAreas.get(area))).then(() => undefined);
}

function initial(): Locale {
  if (typeof localStorage !== 'undefined') {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'de' || saved === 'en') return saved;
  }
  return 'de'; // German first, whatever the browser says: the product's audience is in Dortmund.
}

// German never waits; a saved choice of English loads its chunk first (the root layout's load awaits
// `localeReady()`, so no page renders before its messages are there).
// (svelte-i18n checks the initial locale with IntlMessageFormat.resolveLocale: the first
// `Intl.NumberFormat.supportedLocalesOf` of the page, ≈ 0.15–0.25 s of the editor's load at 4× CPU in the
// profile. Leaving the option out only moves that cost to the first message with values; issue 19.)
void init({ fallbackLocale: 'de', initialLocale: initial() });

/** Resolves once the current locale's messages are loaded (at once for German). */
export { waitLocale as localeReady } from 'svelte-i18n';

export function setLocale(next: Locale) {
  void locale.set(next);
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export { locale, t, _ } from 'svelte-i18n';
