/** Head tags of public pages: title, description, canonical link, Open Graph, Twitter card, JSON-LD. */
import { toBerlinISO } from '@planner/shared/plan/berlin-time';
import type { PublicImage } from '@planner/shared';
import { eventName, ORGANIZER, SITE_NAME } from './format.ts';
import { html, Raw, scriptJson, summary } from './html.ts';
import type { PublicEventItem } from './service.ts';

export interface HeadInput {
  title: string;
  description: string;
  /** Absolute URL of the page. */
  url: string;
  image?: PublicImage | null;
  type?: 'website' | 'article' | 'profile';
  extra?: Raw;
}

/** The SSR block's few styles (the web app's own styles apply to the rest; inline styles are allowed by the CSP). */
const STYLE = `<style>
#ssr-page .skip{position:absolute;left:-999px}#ssr-page .skip:focus{left:.5rem}
#ssr-page .ssr-top{background:#0b5cad;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;flex-wrap:wrap}
#ssr-page .ssr-top a{color:#fff}
#ssr-page .ssr-main{max-width:72rem;margin:0 auto;padding:1rem}
#ssr-page .ssr-map{width:100%;max-width:24rem;height:auto;border:1px solid #ccd3da;border-radius:6px}
</style>`;

export function headTags(h: HeadInput): string {
  const description = summary(h.description);
  const img = h.image;
  return html`<meta name="description" content="${description}">
    <link rel="canonical" href="${h.url}">
    <meta property="og:type" content="${h.type ?? 'website'}">
    <meta property="og:site_name" content="${SITE_NAME}">
    <meta property="og:locale" content="de_DE">
    <meta property="og:title" content="${h.title}">
    <meta property="og:description" content="${description}">
    <meta property="og:url" content="${h.url}">
    ${
      img
        ? html`<meta property="og:image" content="${img.url}">
    <meta property="og:image:width" content="${img.width}">
    <meta property="og:image:height" content="${img.height}">
    <meta property="og:image:alt" content="${img.alt}">`
        : ''
    }
    <meta name="twitter:card" content="${img ? 'summary_large_image' : 'summary'}">
    <meta name="twitter:title" content="${h.title}">
    <meta name="twitter:description" content="${description}">
    ${
      img
        ? html`<meta name="twitter:image" content="${img.url}">
    <meta name="twitter:image:alt" content="${img.alt}">`
        : ''
    }
    ${h.extra}
    ${new Raw(STYLE)}`.html;
}

/** An absolute URL for a picture's (possibly relative) URL. */
export const absolute = (publicUrl: string, url: string) => new URL(url, `${publicUrl}/`).toString();

/** The schema.org `Event` of an entry (https://schema.org/Event), as a JSON-LD data block. */
export function eventJsonLd(e: PublicEventItem, pageUrl: string, publicUrl: string): Raw {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: eventName(e),
    description: e.description || undefined,
    startDate: toBerlinISO(e.start),
    endDate: toBerlinISO(e.end),
    eventStatus: e.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    url: pageUrl,
    isAccessibleForFree: true,
    location: {
      '@type': 'Place',
      name: e.storefront.title,
      address: postalAddress(e.storefront.address),
      geo: { '@type': 'GeoCoordinates', latitude: e.storefront.lat, longitude: e.storefront.lng },
    },
    image: e.image ? [absolute(publicUrl, e.image.url)] : undefined,
    organizer: { '@type': 'Organization', name: ORGANIZER, url: publicUrl },
  };
  return new Raw(`<script type="application/ld+json">${scriptJson(data)}</script>`);
}

/**
 * A storefront's address as a schema.org PostalAddress. Addresses are stored as one line
 * (`Straße 1, 44137 Dortmund`); a trailing `PLZ Ort` part is split off when there is one.
 */
export function postalAddress(address: string): Record<string, string> {
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const last = parts.at(-1) ?? '';
  const m = /^(\d{5})\s+(.+)$/.exec(last);
  return {
    '@type': 'PostalAddress',
    streetAddress: (m ? parts.slice(0, -1) : parts).join(', ') || address,
    ...(m ? { postalCode: m[1] } : {}),
    addressLocality: m?.[2] ?? 'Dortmund',
    addressCountry: 'DE',
  };
}
