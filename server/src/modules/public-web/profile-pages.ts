/**
 * Server-rendered pages of creative profiles (issue 17): the "Kreative" directory and one published
 * profile, with their head tags and a schema.org `Person`. Every value typed by people is escaped here
 * (the bio is text, never HTML); links are http(s) only and carry rel="noopener nofollow ugc".
 */
import {
  DISCIPLINE_NAMES,
  DISCIPLINES,
  type Discipline,
  type Portrait,
  type ProfileDirectory,
  type PublicImage,
  type PublicProfile,
} from '@planner/shared';
import { SITE_NAME } from './format.ts';
import { absolute } from './head.ts';
import { html, Raw, scriptJson } from './html.ts';
import { frame } from './pages.ts';

/** The id of the data block with the profile that the app's profile page starts from (no second request). */
export const PROFILE_DATA_ID = 'ssr-profile-data';

export const profilePath = (slug: string) => `/kreative/${encodeURIComponent(slug)}`;

const disciplineName = (d: Discipline) => DISCIPLINE_NAMES[d].de;

/** Only absolute http(s) URLs become links (the API accepts nothing else; this is the second lock). */
function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** How a link is shown: host and path without the scheme (`instagram.com/studio`). */
function linkLabel(href: string): string {
  const u = new URL(href);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.hostname.replace(/^www\./, '')}${path}`;
}

/** The profile's website and links that may be links, each once. */
export function profileLinks(p: Pick<PublicProfile, 'website' | 'links'>): string[] {
  const out: string[] = [];
  for (const u of [p.website, ...p.links]) {
    const href = u ? safeHref(u) : null;
    if (href && !out.includes(href)) out.push(href);
  }
  return out;
}

/**
 * The portrait file shown on the page and in link previews (a mid-size width, else the cleaned original),
 * at its path on this server (the page's `<img>`), or with `publicUrl` at its absolute URL (head tags).
 */
export function portraitImage(portrait: Portrait | null, name: string, publicUrl?: string): PublicImage | null {
  if (!portrait) return null;
  const v =
    ['w960', 'w1920', 'original'].map((n) => portrait.variants.find((x) => x.name === n)).find(Boolean) ?? portrait.variants[0];
  if (!v) return null;
  const url = publicUrl === undefined ? v.url : absolute(publicUrl, v.url);
  return { url, width: v.width, height: v.height, alt: `Porträt von ${name}` };
}

/** A profile's one-line description for search results and link previews. */
export function profileDescription(p: PublicProfile): string {
  const what = p.disciplines.map(disciplineName).join(', ');
  return [what ? `${what}.` : '', p.bio || `${p.displayName} im Verzeichnis der Kreativen der Kreativquartiere.`]
    .filter(Boolean)
    .join(' ');
}

/** The schema.org `Person` (https://schema.org/Person) of a profile, as a JSON-LD data block. */
export function profileJsonLd(p: PublicProfile, pageUrl: string, image: PublicImage | null): Raw {
  const sameAs = profileLinks(p);
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Person',
    name: p.displayName,
    description: p.bio || undefined,
    url: pageUrl,
    image: image ? image.url : undefined,
    sameAs: sameAs.length ? sameAs : undefined,
    knowsAbout: p.disciplines.length ? p.disciplines.map(disciplineName) : undefined,
  };
  return new Raw(`<script type="application/ld+json">${scriptJson(data)}</script>`);
}

export function profileBody(p: PublicProfile, image: PublicImage | null): Raw {
  const links = profileLinks(p);
  return frame(html`<p><a href="/kreative">← Kreative</a></p>
<article data-testid="ssr-profile">
${image ? html`<img src="${image.url}" alt="${image.alt}" width="${image.width}" height="${image.height}" style="max-width:16rem;width:100%;height:auto;border-radius:6px">` : ''}
<h1>${p.displayName}</h1>
${p.disciplines.length ? html`<ul aria-label="Disziplinen">${p.disciplines.map((d) => html`<li>${disciplineName(d)}</li>`)}</ul>` : ''}
${p.bio ? html`<p style="white-space:pre-line" data-testid="ssr-profile-bio">${p.bio}</p>` : ''}
${links.length ? html`<h2>Links</h2><ul>${links.map((l) => html`<li><a href="${l}" rel="noopener nofollow ugc">${linkLabel(l)}</a></li>`)}</ul>` : ''}
<h2>Inszenierungen</h2>
${
  p.stagings.length
    ? html`<ul>${p.stagings.map((s) => html`<li>${s.title} · ${s.storefront}${s.quarter ? html` · <a href="/quartiere/${encodeURIComponent(s.quarter.slug)}">${s.quarter.name}</a>` : ''}</li>`)}</ul>`
    : html`<p>Noch keine veröffentlichten Inszenierungen.</p>`
}
</article>`);
}

/** The directory's filters from a query string; values that are not valid are left out (the page shows unfiltered). */
export function directoryFilter(query: unknown): { discipline?: Discipline; quarter?: string } {
  const q = (query ?? {}) as Record<string, unknown>;
  const out: { discipline?: Discipline; quarter?: string } = {};
  // The app's names of the parameters (its directory page links so).
  if (typeof q.disziplin === 'string' && (DISCIPLINES as readonly string[]).includes(q.disziplin))
    out.discipline = q.disziplin as Discipline;
  if (typeof q.quartier === 'string' && /^[a-z0-9][a-z0-9-]{0,99}$/.test(q.quartier)) out.quarter = q.quartier;
  return out;
}

export function directoryBody(d: ProfileDirectory, filter: { discipline?: Discipline; quarter?: string }): Raw {
  const quarterName = filter.quarter ? (d.quarters.find((q) => q.slug === filter.quarter)?.name ?? filter.quarter) : null;
  const shown = [filter.discipline ? disciplineName(filter.discipline) : '', quarterName ? `Quartier ${quarterName}` : '']
    .filter(Boolean)
    .join(', ');
  return frame(html`<h1>Kreative</h1>
<p>Designerinnen, Designer und Studios, die in den Kreativquartieren Ladenlokale inszenieren.</p>
${shown ? html`<p>Gefiltert: ${shown} · <a href="/kreative">Alle zeigen</a></p>` : ''}
${
  d.items.length
    ? html`<ul data-testid="ssr-directory">${d.items.map(
        (p) =>
          html`<li data-testid="ssr-profile-item"><a href="${profilePath(p.slug)}">${p.displayName}</a>${p.disciplines.length ? html` · ${p.disciplines.map(disciplineName).join(', ')}` : ''}${p.quarters.length ? html` · ${p.quarters.map((q) => q.name).join(', ')}` : ''}</li>`,
      )}</ul>${d.total > d.items.length ? html`<p>${d.items.length} von ${d.total} Profilen.</p>` : ''}`
    : html`<p>Zurzeit gibt es hier keine Profile.</p>`
}
${
  d.quarters.length
    ? html`<h2>Nach Quartier</h2><ul>${d.quarters.map((q) => html`<li><a href="/kreative?quartier=${encodeURIComponent(q.slug)}">${q.name}</a></li>`)}</ul>`
    : ''
}`);
}

export const directoryTitle = (count: number) => ({
  title: `Kreative – ${SITE_NAME}`,
  description: `Das Verzeichnis der Kreativen: ${count} Profile von Designerinnen, Designern und Studios in den Kreativquartieren.`,
});
