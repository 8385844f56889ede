/**
 * The web app's routes (client/src/routes, route groups left out, `[param]` as one path segment).
 * A GET for one of them gets the app's shell with 200; any other path that is no file and no API gets
 * the shell's not-found page with 404. client-routes.test.ts checks this list against the route tree,
 * so a new client route cannot be forgotten here.
 */
export const CLIENT_ROUTES: readonly string[] = [
  '/',
  '/account',
  '/activity',
  '/aufrufe/[slug]/bewerben',
  '/aufrufe/[slug]/bewerben/bestaetigen/[token]',
  '/aufrufe/[slug]/bewerben/team/[token]',
  '/bewerbungen',
  '/aufrufe',
  '/aufrufe/[slug]',
  '/calls',
  '/calls/[id]',
  '/calls/new',
  '/city',
  '/dashboard',
  '/datenschutz',
  '/einladung/[token]',
  '/email-bestaetigen/[token]',
  '/heute',
  '/expose/[id]',
  '/jury-einladung/[token]',
  '/jury',
  '/jury/[callId]',
  '/jury/[callId]/auswertung',
  '/jury/checkliste',
  '/kreative',
  '/kreative/[slug]',
  '/kurzliste',
  '/login',
  '/notifications',
  '/passwort-vergessen',
  '/passwort-zuruecksetzen/[token]',
  '/plans/[id]',
  '/plans/[id]/print',
  '/plans/[id]/uebergabe',
  '/programm/[slug]',
  '/programme',
  '/quartiere/[quarter]',
  '/reports',
  '/storefronts',
  '/storefronts/[id]',
  '/storefronts/[id]/edit',
  '/storefronts/new',
];

const patterns = CLIENT_ROUTES.map(
  (r) => new RegExp(`^${r === '/' ? '/' : r.replace(/\[[^\]]+\]/g, '[^/]+').replace(/[.]/g, '\\.')}$`),
);

/** Whether a path (without query; a trailing slash is allowed) is one of the web app's routes. */
export function isClientRoute(pathname: string): boolean {
  const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return patterns.some((re) => re.test(p));
}
