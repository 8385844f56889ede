/**
 * The public web (issue 17): one page per public entry at `/programm/<slug>`, its data as JSON for the
 * web app, and its iCalendar file. The slug is readable and stable: the entry's title, its first Berlin
 * day and a short id derived from the plan and entry ids. Only the short id identifies the entry, so a
 * slug whose title or date part is out of date still finds it (the server redirects to the current one).
 */
import { z } from 'zod';
import { storable } from './common.ts';
import { defineRoute } from './contract.ts';
import { ProgrammeDay } from './review.ts';
import { berlinDay } from '../plan/berlin-time.ts';
import { sha256 } from '../plan/sha256.ts';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/** Length of the short id at the end of every event slug (50 bits). */
export const EVENT_SHORT_ID_LENGTH = 10;

/** The short id of a public entry: the first 50 bits of SHA-256(`planId:entryId`) in a readable base32. */
export function eventShortId(planId: string, entryId: string): string {
  const bytes = sha256(new TextEncoder().encode(`${planId}:${entryId}`));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < EVENT_SHORT_ID_LENGTH) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= EVENT_SHORT_ID_LENGTH) break;
  }
  return out;
}

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue' };

/** A title as a URL part: lower case ASCII words joined by `-`, at most 60 characters. */
export function slugWords(title: string): string {
  const words = title
    .replace(/[äöüßÄÖÜ]/g, (c) => UMLAUTS[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words.slice(0, 60).replace(/-+$/, '');
}

/** The slug of a public entry: `<title>-<YYYY-MM-DD>-<short id>` (an untitled entry: `termin-…`). */
export function eventSlug(e: { planId: string; entryId: string; title: string; start: string }): string {
  return `${slugWords(e.title) || 'termin'}-${berlinDay(e.start)}-${eventShortId(e.planId, e.entryId)}`;
}

/** The short id at the end of a slug, or null when the slug cannot be one of ours. */
export function shortIdOfSlug(slug: string): string | null {
  const m = /(?:^|-)([a-z2-9]{10})$/.exec(slug);
  return m && slug.length <= 200 ? m[1] : null;
}

/** The path of an entry's public page. */
export const eventPath = (e: { planId: string; entryId: string; title: string; start: string }) => `/programm/${eventSlug(e)}`;

/** A public picture of an entry (from the storefront's public photos), with its size and alternative text. */
export const PublicImage = z.object({ url: z.string(), width: z.number(), height: z.number(), alt: z.string() }).strict();
export type PublicImage = z.infer<typeof PublicImage>;

/**
 * One public entry as its page shows it. `status` is `cancelled` when staff cancelled the entry or
 * un-published its plan after it was public (the page stays, saying so); `days` are all the Berlin days
 * it runs on.
 */
export const PublicEvent = z
  .object({
    slug: z.string(),
    planId: z.string(),
    entryId: z.string(),
    title: z.string(),
    planTitle: z.string(),
    kind: z.string(),
    description: z.string(),
    start: z.string(),
    end: z.string(),
    days: z.array(ProgrammeDay),
    /** Recurring opening hours (issue 18): each of `days` is one opening with its hours. Absent otherwise. */
    recurring: z.literal(true).optional(),
    status: z.enum(['scheduled', 'cancelled']),
    storefront: z
      .object({
        title: z.string(),
        address: z.string(),
        lat: z.number(),
        lng: z.number(),
        stepFree: z.boolean(),
        toilet: z.boolean(),
      })
      .strict(),
    quarter: z.object({ name: z.string(), slug: z.string() }).strict(),
    image: PublicImage.nullable(),
  })
  .strict();
export type PublicEvent = z.infer<typeof PublicEvent>;

/** A slug as a path parameter (its form is checked by the handler: a malformed slug is a 404 like an unknown one). */
export const EventSlugParams = z.object({ slug: storable(z.string().min(1).max(200)) });

export const publicWebRoutes = {
  event: defineRoute({
    method: 'GET',
    path: '/api/public/events/:slug',
    summary: 'One public entry of the programme by its slug (also cancelled ones)',
    tags: ['programme'],
    params: EventSlugParams,
    response: { 200: PublicEvent },
  }),
  eventCalendar: defineRoute({
    method: 'GET',
    path: '/api/public/events/:slug/calendar.ics',
    summary: 'iCalendar file of one public entry („In den Kalender“)',
    tags: ['programme', 'feeds'],
    params: EventSlugParams,
    produces: 'text/calendar',
    response: { 200: z.string() },
  }),
} as const;
