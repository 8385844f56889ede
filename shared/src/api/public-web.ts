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

// Slugs and paths live without zod, so that the public programme page (which links every entry) loads no zod.
export { EVENT_SHORT_ID_LENGTH, eventPath, eventShortId, eventSlug, shortIdOfSlug, slugWords } from './event-slug.ts';

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
