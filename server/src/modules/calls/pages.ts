/** Server-rendered public pages of calls and exposés (German), escaped throughout; Atom feed of calls. */
import { EXPOSE_GROUP_LABELS, type CallSummary, type PublicCall, type PublicExpose } from '@planner/shared';
import { SITE_NAME, ORGANIZER, germanDate, germanTime } from '../public-web/format.ts';
import { esc, html, Raw, scriptJson } from '../public-web/html.ts';
import { germanDeadline } from './service.ts';

export const CALL_DATA_ID = 'ssr-call-data';
export const EXPOSE_DATA_ID = 'ssr-expose-data';

export const callFrame = (content: Raw) => html`<a class="skip" href="#ssr-main">Zum Inhalt</a>
<header class="ssr-top"><a href="/"><strong>Kreativquartiere Planner</strong></a><nav aria-label="Hauptnavigation"><a href="/programme">Programm</a><a href="/aufrufe">Aufrufe</a><a href="/kreative">Kreative</a></nav></header>
<main class="ssr-main" id="ssr-main">${content}</main>`;

const STATUS_DE: Record<string, string> = {
  published: 'Offen',
  closed: 'Bewerbungsfrist abgelaufen',
  decided: 'Entschieden',
  cancelled: 'Abgesagt',
  draft: 'Entwurf',
};
const statusLine = (c: { status: string; open: boolean }) =>
  c.status === 'published' && !c.open ? STATUS_DE.closed : STATUS_DE[c.status];

const periodLine = (c: { periodStart: string | null; periodEnd: string | null }) =>
  c.periodStart || c.periodEnd
    ? `Zeitraum: ${c.periodStart ? germanDate(`${c.periodStart}T12:00:00Z`) : '…'} – ${c.periodEnd ? germanDate(`${c.periodEnd}T12:00:00Z`) : '…'}`
    : '';

export function callListBody(items: CallSummary[]): Raw {
  const item = (c: CallSummary) =>
    html`<li data-testid="ssr-call"><a href="/aufrufe/${encodeURIComponent(c.slug)}">${c.title}</a><br>${statusLine(c)} · Bewerbungsschluss ${germanDeadline(c.deadline)} · ${c.storefrontCount} ${c.storefrontCount === 1 ? 'Laden' : 'Läden'}</li>`;
  return callFrame(html`<h1>Aufrufe</h1>
<p>Leerstehende Ladenlokale suchen Projekte: Bewerben Sie sich mit Ihrem Konzept.</p>
<p><a href="/aufrufe.atom">Atom-Feed der Aufrufe</a></p>
${items.length ? html`<ul data-testid="ssr-calls">${items.map(item)}</ul>` : html`<p>Zurzeit gibt es keine Aufrufe.</p>`}`);
}

export function callBody(c: PublicCall): Raw {
  return callFrame(html`<p><a href="/aufrufe">← Aufrufe</a></p>
<article data-testid="ssr-call-page">
<h1>${c.title}</h1>
<p data-testid="ssr-call-status"><strong>${statusLine(c)}</strong>${c.status === 'cancelled' && c.cancelReason ? html` – ${c.cancelReason}` : ''}</p>
<p>Bewerbungsschluss: <time datetime="${c.deadline}" data-testid="ssr-call-deadline">${germanDeadline(c.deadline)}</time></p>
${c.open ? html`<p><a href="/aufrufe/${encodeURIComponent(c.slug)}/bewerben" data-testid="ssr-apply-link">Jetzt bewerben</a></p>` : ''}
${periodLine(c) ? html`<p>${periodLine(c)}</p>` : ''}
${c.disciplines.length ? html`<p>Gesucht: ${c.disciplines.join(', ')}</p>` : ''}
${c.body ? html`<div style="white-space:pre-line">${c.body}</div>` : ''}
<h2>Läden</h2>
<ul>${c.storefronts.map((s) => html`<li>${s.exposeOffered ? html`<a href="/expose/${s.id}">${s.title}</a>` : s.title}, ${s.address} (${s.quarterName})</li>`)}</ul>
${c.criteria.length ? html`<h2>Kriterien</h2><ul>${c.criteria.map((k) => html`<li>${k.label} (Gewicht ${k.weight})${k.description ? html`: ${k.description}` : ''}</li>`)}</ul>` : ''}
${
  c.viewings.length
    ? html`<h2>Besichtigungen</h2><ul>${c.viewings.map((v) => html`<li><time datetime="${v.start}">${germanDate(v.start)}, ${germanTime(v.start)}–${germanTime(v.end)} Uhr</time> · ${Math.max(0, v.capacity - v.booked)} von ${v.capacity} Plätzen frei${v.note ? html` · ${v.note}` : ''}</li>`)}</ul>`
    : ''
}
<p><a href="/api/public/calls/${encodeURIComponent(c.slug)}/calendar.ics">Frist und Besichtigungen in den Kalender</a></p>
</article>`);
}

/** JSON-LD of a call: an Event-like "deadline" is not a schema.org type; a WebPage about a CreativeWork offer fits. */
export function callJsonLd(c: PublicCall, url: string): Raw {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'WebPage',
    name: c.title,
    url,
    description: c.body.slice(0, 500),
    publisher: { '@type': 'GovernmentOrganization', name: ORGANIZER },
    mainEntity: {
      '@type': 'Offer',
      name: c.title,
      availabilityEnds: c.deadline,
      availability: c.open ? 'https://schema.org/InStock' : 'https://schema.org/SoldOut',
      areaServed: c.storefronts.map((s) => ({ '@type': 'Place', name: s.title, address: s.address })),
    },
    event: c.viewings.map((v) => ({
      '@type': 'Event',
      name: `Besichtigung: ${c.title}`,
      startDate: v.start,
      endDate: v.end,
      eventStatus: c.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
      location: {
        '@type': 'Place',
        name: c.storefronts.find((s) => s.id === v.storefrontId)?.title ?? c.storefronts[0]?.title ?? SITE_NAME,
      },
    })),
  };
  return html`<script type="application/ld+json">${new Raw(scriptJson(data))}</script>`;
}

/** The storefront's outline to scale as an SVG (cm; 1 unit = 1 cm, the viewBox keeps the proportions). */
export function floorPlanSvg(fp: NonNullable<PublicExpose['floorPlan']>, label: string): Raw {
  if (fp.outline.length < 3) return html``;
  const xs = fp.outline.map((p) => p.x);
  const ys = fp.outline.map((p) => p.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const w = Math.max(...xs) - minX;
  const h = Math.max(...ys) - minY;
  const pad = Math.max(w, h) * 0.05;
  const points = fp.outline.map((p) => `${p.x},${p.y}`).join(' ');
  const stroke = Math.max(w, h) / 150;
  return html`<svg class="ssr-map" data-testid="ssr-floor-plan" role="img" aria-label="${label}" viewBox="${minX - pad} ${minY - pad} ${w + 2 * pad} ${h + 2 * pad}" width="360" style="max-width:100%;height:auto">
<polygon points="${points}" fill="#f4f6f8" stroke="#1d2733" stroke-width="${stroke}"/>
${fp.doors.map((d) => html`<circle cx="${d.x}" cy="${d.y}" r="${d.width / 2}" fill="none" stroke="#0b5cad" stroke-width="${stroke}"/>`)}
</svg>
<p>Maßstab: ${Math.round(w) / 100} m × ${Math.round(h) / 100} m</p>`;
}

const yesNo = (v: boolean, yes: string, no: string) => (v ? yes : no);

export function exposeBody(e: PublicExpose): Raw {
  return callFrame(html`<article data-testid="ssr-expose">
<h1>Exposé: ${e.title}</h1>
<p>${e.address}${e.quarter.name ? html` · Quartier <a href="/quartiere/${encodeURIComponent(e.quarter.slug)}">${e.quarter.name}</a>` : ''}</p>
${e.intro ? html`<p style="white-space:pre-line">${e.intro}</p>` : ''}
${e.floorPlan ? html`<h2>Grundriss</h2>${floorPlanSvg(e.floorPlan, `Grundriss von ${e.title}`)}` : ''}
${e.dimensions ? html`<h2>Fläche</h2><p>${e.dimensions.areaM2} m² · Schaufensterfront ${e.dimensions.frontageCm / 100} m</p>` : ''}
${
  e.equipment
    ? html`<h2>Ausstattung</h2><ul><li>Strom: ${e.equipment.power.sockets} Steckdosen${e.equipment.power.maxLoadKw !== null ? html`, bis ${e.equipment.power.maxLoadKw} kW` : ''}</li><li>${yesNo(e.equipment.water, 'Wasseranschluss', 'Kein Wasseranschluss')}</li><li>${yesNo(e.equipment.toilet, 'Toilette', 'Keine Toilette')}</li><li>${yesNo(e.equipment.heating, 'Heizung', 'Keine Heizung')}</li></ul>`
    : ''
}
${e.access ? html`<h2>Zugang</h2><p>${yesNo(e.access.stepFree, 'Stufenloser Zugang', 'Kein stufenloser Zugang')}</p>` : ''}
${
  e.availability
    ? html`<h2>Verfügbar</h2>${e.availability.length ? html`<ul>${e.availability.map((w) => html`<li>${germanDate(w.start)} – ${germanDate(w.end)}</li>`)}</ul>` : html`<p>Zurzeit keine Zeiträume eingetragen.</p>`}`
    : ''
}
${
  e.conditions
    ? html`<h2>Konditionen</h2><ul><li>${e.conditions.fee === 'none' ? 'Keine Miete' : html`Miete: ${e.conditions.feeText}`}</li>${e.conditions.utilities ? html`<li>Nebenkosten: ${e.conditions.utilities}</li>` : ''}${e.conditions.insurance ? html`<li>Versicherung: ${e.conditions.insurance}</li>` : ''}${e.conditions.keyHandover ? html`<li>Schlüsselübergabe: ${e.conditions.keyHandover}</li>` : ''}</ul>`
    : ''
}
${e.photos?.length ? html`<h2>Fotos</h2>${e.photos.map((p) => html`<img src="${p.url}" alt="${p.caption || e.title}" ${p.width ? html`width="${p.width}" height="${p.height}"` : ''} style="max-width:100%;height:auto">`)}` : ''}
${e.calls.length ? html`<h2>Aufrufe</h2><ul>${e.calls.map((c) => html`<li><a href="/aufrufe/${encodeURIComponent(c.slug)}">${c.title}</a></li>`)}</ul>` : ''}
</article>`);
}

export const exposeGroupLabel = (g: keyof typeof EXPOSE_GROUP_LABELS) => EXPOSE_GROUP_LABELS[g].de;

/** Atom ids never change: a tag URI from the host and the call's id. */
export function callsAtom(publicUrl: string, items: (CallSummary & { updated: string; body: string })[]): string {
  const updated = new Date(
    Math.max(Date.parse('2026-01-01T00:00:00Z'), ...items.map((c) => Date.parse(c.updated))),
  ).toISOString();
  const host = new URL(publicUrl).hostname;
  const entries = items.map((c) =>
    [
      '  <entry>',
      `    <id>${esc(`tag:${host},2026:aufrufe/${c.id}`)}</id>`,
      `    <title>${esc(c.status === 'cancelled' ? `Abgesagt: ${c.title}` : c.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${esc(`${publicUrl}/aufrufe/${encodeURIComponent(c.slug)}`)}"/>`,
      `    <updated>${esc(c.updated)}</updated>`,
      `    <summary type="text">${esc(`Bewerbungsschluss ${germanDeadline(c.deadline)}. ${c.body.slice(0, 400)}`)}</summary>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `  <id>${esc(`${publicUrl}/aufrufe.atom`)}</id>`,
    `  <title>${esc(`${SITE_NAME} – Aufrufe`)}</title>`,
    `  <updated>${esc(updated)}</updated>`,
    `  <author><name>${esc(SITE_NAME)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${esc(`${publicUrl}/aufrufe.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${esc(`${publicUrl}/aufrufe`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
