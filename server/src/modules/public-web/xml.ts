/** The programme for machines: sitemap.xml (https://www.sitemaps.org/protocol.html) and an Atom feed (RFC 4287). */
import { eventName, spanLine, SITE_NAME } from './format.ts';
import { esc } from './html.ts';
import type { PublicEventItem } from './service.ts';

export function sitemap(
  publicUrl: string,
  events: PublicEventItem[],
  quarterSlugs: string[],
  /** Published creative profiles (never unpublished ones: the caller passes what the profiles service lists). */
  profiles: { slug: string; updatedAt: string }[] = [],
): string {
  const url = (loc: string, lastmod?: string) =>
    `  <url><loc>${esc(loc)}</loc>${lastmod ? `<lastmod>${esc(lastmod)}</lastmod>` : ''}</url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(`${publicUrl}/programme`),
    ...quarterSlugs.map((s) => url(`${publicUrl}/quartiere/${encodeURIComponent(s)}`)),
    ...events.map((e) => url(`${publicUrl}/programm/${e.slug}`, e.updated)),
    url(`${publicUrl}/kreative`),
    ...profiles.map((p) => url(`${publicUrl}/kreative/${encodeURIComponent(p.slug)}`, p.updatedAt)),
    '</urlset>',
    '',
  ].join('\n');
}

/** Atom ids must never change: a tag URI (RFC 4151) from the host and the entry's plan and entry ids. */
export function atomId(publicUrl: string, e: { planId: string; entryId: string }): string {
  return `tag:${new URL(publicUrl).hostname},2026:programm/${encodeURIComponent(e.planId)}/${encodeURIComponent(e.entryId)}`;
}

export function atomFeed(publicUrl: string, events: PublicEventItem[]): string {
  const updated = new Date(
    Math.max(Date.parse('2026-01-01T00:00:00Z'), ...events.map((e) => Date.parse(e.updated))),
  ).toISOString();
  const entries = events.map((e) => {
    const link = `${publicUrl}/programm/${e.slug}`;
    const text = [spanLine(e), `${e.storefront.title}, ${e.storefront.address}`, e.description].filter(Boolean).join('\n');
    return [
      '  <entry>',
      `    <id>${esc(atomId(publicUrl, e))}</id>`,
      `    <title>${esc(eventName(e))}</title>`,
      `    <link rel="alternate" type="text/html" href="${esc(link)}"/>`,
      `    <updated>${esc(e.updated)}</updated>`,
      `    <summary type="text">${esc(text)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">',
    `  <id>${esc(`${publicUrl}/programm.atom`)}</id>`,
    `  <title>${esc(`${SITE_NAME} – Programm`)}</title>`,
    `  <updated>${esc(updated)}</updated>`,
    `  <author><name>${esc(SITE_NAME)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${esc(`${publicUrl}/programm.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${esc(`${publicUrl}/programme`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
