/**
 * The slug and path of a public entry's page (re-exported by public-web.ts). No zod here: the public
 * programme page links every entry and should not load zod for it (issue 19's bundle budget).
 */
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
