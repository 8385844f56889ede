/** The content of server-rendered public pages (German: the public pages' language), escaped throughout. */
import { eventName, kindName, dayLine, spanLine, SITE_NAME } from './format.ts';
import { html, type Raw } from './html.ts';
import { placeMap } from './map.ts';
import type { PublicEventItem } from './service.ts';

/** At most this many days of one entry are listed one by one (a long exhibition: the span, then the count). */
const MAX_DAYS_LISTED = 31;

/** The page frame of every server-rendered public page (skip link, top bar, main). */
export const frame = (content: Raw) => html`<a class="skip" href="#ssr-main">Zum Inhalt</a>
<header class="ssr-top"><a href="/"><strong>Kreativquartiere Planner</strong></a><nav aria-label="Hauptnavigation"><a href="/programme">Programm</a><a href="/kreative">Kreative</a></nav></header>
<main class="ssr-main" id="ssr-main">${content}</main>`;

export const eventCalendarPath = (slug: string) => `/api/public/events/${encodeURIComponent(slug)}/calendar.ics`;

export function eventBody(e: PublicEventItem, pageUrl: string): Raw {
  const name = eventName(e);
  const days = e.days.slice(0, MAX_DAYS_LISTED);
  const mail = `mailto:?subject=${encodeURIComponent(name)}&body=${encodeURIComponent(`${name}\n${spanLine(e)}\n${pageUrl}`)}`;
  return frame(html`<p><a href="/programme">← Programm</a></p>
<article data-testid="ssr-event">
<h1>${name}</h1>
${e.status === 'cancelled' ? html`<p class="ssr-cancelled" data-testid="event-cancelled"><strong>Abgesagt:</strong> Dieser Termin findet nicht statt.</p>` : ''}
<p>${kindName(e.kind)}${e.title && e.title !== e.planTitle ? html` · ${e.planTitle}` : ''}</p>
${e.image ? html`<img src="${e.image.url}" alt="${e.image.alt}" width="${e.image.width}" height="${e.image.height}" style="max-width:100%;height:auto">` : ''}
<h2>Wann</h2>
<p>${spanLine(e)}</p>
${e.days.length > 1 ? html`<ul>${days.map((d) => html`<li><time datetime="${d.start}">${dayLine(d)}</time></li>`)}</ul>${e.days.length > days.length ? html`<p>… und ${e.days.length - days.length} weitere Tage</p>` : ''}` : ''}
<h2>Wo</h2>
<p>${e.storefront.title}<br>${e.storefront.address}<br>Quartier: <a href="/quartiere/${encodeURIComponent(e.quarter.slug)}">${e.quarter.name}</a></p>
${placeMap({ lat: e.storefront.lat, lng: e.storefront.lng, quarterSlug: e.quarter.slug, label: `Karte: ${e.storefront.title}, ${e.storefront.address}` })}
<h2>Barrierefreiheit</h2>
<ul>
<li>${e.storefront.stepFree ? 'Stufenloser Zugang' : 'Kein stufenloser Zugang'}</li>
<li>${e.storefront.toilet ? 'Toilette vorhanden' : 'Keine Toilette'}</li>
</ul>
${e.description ? html`<h2>Beschreibung</h2><p style="white-space:pre-line">${e.description}</p>` : ''}
<p><a href="${eventCalendarPath(e.slug)}" data-testid="ssr-calendar">In den Kalender</a></p>
<h2>Teilen</h2>
<p><a href="${mail}">Per E-Mail teilen</a> · Link: <a href="${pageUrl}">${pageUrl}</a></p>
</article>`);
}

function entryItem(e: PublicEventItem): Raw {
  return html`<li data-testid="ssr-entry"><a href="/programm/${e.slug}">${eventName(e)}</a><br>${spanLine(e)} · ${e.storefront.title}, ${e.storefront.address} · ${e.quarter.name}</li>`;
}

export function programmeBody(events: PublicEventItem[]): Raw {
  return frame(html`<h1>Programm</h1>
<p>Was in den Kreativquartieren zu sehen ist: Ausstellungen, Installationen, Workshops und Eröffnungen.</p>
<p><a href="/programm.atom">Atom-Feed</a> · <a href="/api/public/programme.ics">Kalender abonnieren (iCalendar)</a></p>
${events.length ? html`<ul data-testid="ssr-programme">${events.map(entryItem)}</ul>` : html`<p>Zurzeit stehen keine Termine im Programm.</p>`}`);
}

/** The iframe snippet partners paste into their site. */
export const embedSnippet = (publicUrl: string, slug: string, name: string) =>
  `<iframe src="${publicUrl}/einbetten/${encodeURIComponent(slug)}" title="Programm ${name}" width="100%" height="420" style="border:0" loading="lazy"></iframe>`;

export function quarterBody(
  q: { name: string; slug: string; description: string },
  events: PublicEventItem[],
  publicUrl: string,
): Raw {
  return frame(html`<p><a href="/programme">← Programm</a></p>
<h1>${q.name}</h1>
${q.description ? html`<p style="white-space:pre-line">${q.description}</p>` : ''}
<h2>Demnächst</h2>
${events.length ? html`<ul>${events.map(entryItem)}</ul>` : html`<p>Zurzeit stehen hier keine Termine im Programm.</p>`}
<h2>Auf der eigenen Website zeigen</h2>
<p>Partner und Nachbarschaftsseiten können die nächsten Termine dieses Quartiers einbetten:</p>
<pre><code>${embedSnippet(publicUrl, q.slug, q.name)}</code></pre>`);
}

/** The widget: a page of its own (no app, no script), compact, every link opening outside the frame. */
export function embedDocument(q: { name: string; slug: string }, events: PublicEventItem[], publicUrl: string): string {
  const items = events.slice(0, 20);
  return `<!doctype html>
${
  html`<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Programm ${q.name} – ${SITE_NAME}</title><meta name="robots" content="noindex"><base target="_blank">
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:0;padding:.75rem;color:#1b1f24;background:#fff}
h1{font-size:1.05rem;margin:0 0 .5rem}ul{list-style:none;margin:0;padding:0}
li{padding:.4rem 0;border-top:1px solid #dde2e7}a{color:#0b5cad}.when{color:#4a535c;font-size:.9rem}
</style></head><body>
<h1>Demnächst im Quartier ${q.name}</h1>
${items.length ? html`<ul data-testid="embed-list">${items.map((e) => html`<li><a href="${publicUrl}/programm/${e.slug}" rel="noopener">${eventName(e)}</a><div class="when">${spanLine(e)} · ${e.storefront.title}</div></li>`)}</ul>` : html`<p>Zurzeit keine Termine.</p>`}
<p><a href="${publicUrl}/quartiere/${encodeURIComponent(q.slug)}" rel="noopener">Alle Termine im Quartier ${q.name}</a></p>
</body></html>`.html
}`;
}
