/**
 * iCalendar feeds and the public programme. The feeds answer `text/calendar`; the programme answers
 * JSON. The request schemas and the programme entry still live in review.ts (to move here once that
 * file is free to change).
 */
import { z } from 'zod';
import { storable } from './common.ts';
import { planParams } from './auth.ts';
import { defineRoute } from './contract.ts';
import { Programme, ProgrammeQuery, storefrontFeedParams } from './review.ts';

/** State of one's personal feed. The secret URL is only in the answer of POST (only its hash is stored). */
export const PersonalFeedStatus = z.object({
  active: z.boolean(),
  url: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export type PersonalFeedStatus = z.infer<typeof PersonalFeedStatus>;

/** `<secret>.ics`: checked by the handler, so that a malformed secret is a 404 like an unknown one. */
export const PersonalFeedFileParams = z.object({ file: storable(z.string().max(200)) });

const calendar = { 200: z.string() } as const;

export const feedRoutes = {
  plan: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/calendar.ics',
    summary: 'iCalendar feed of one plan (members, owner, staff)',
    tags: ['feeds'],
    params: planParams,
    produces: 'text/calendar',
    response: calendar,
  }),
  storefront: defineRoute({
    method: 'GET',
    path: '/api/storefronts/:storefrontId/calendar.ics',
    summary: 'iCalendar feed of a storefront: everything planned there (staff, its owner), else its published programme',
    tags: ['feeds'],
    params: storefrontFeedParams,
    produces: 'text/calendar',
    response: calendar,
  }),
  programme: defineRoute({
    method: 'GET',
    path: '/api/public/programme.ics',
    summary: 'iCalendar feed of the public programme',
    tags: ['feeds', 'programme'],
    query: ProgrammeQuery,
    produces: 'text/calendar',
    response: calendar,
  }),
  personalStatus: defineRoute({
    method: 'GET',
    path: '/api/feeds/personal',
    summary: 'Whether one has a personal feed (its URL is not shown again)',
    tags: ['feeds'],
    response: { 200: PersonalFeedStatus },
  }),
  personalCreate: defineRoute({
    method: 'POST',
    path: '/api/feeds/personal',
    summary: 'A new secret personal feed URL; any earlier one stops working',
    tags: ['feeds'],
    response: { 201: PersonalFeedStatus },
  }),
  personalRevoke: defineRoute({
    method: 'DELETE',
    path: '/api/feeds/personal',
    summary: 'Revokes one’s personal feed',
    tags: ['feeds'],
    response: { 204: z.null() },
  }),
  personalCalendar: defineRoute({
    method: 'GET',
    path: '/api/feeds/personal/:file',
    summary: 'A personal feed by its secret URL `<secret>.ics` (no sign-in; 404 once revoked)',
    tags: ['feeds'],
    params: PersonalFeedFileParams,
    produces: 'text/calendar',
    response: calendar,
  }),
};

export const programmeRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/public/programme',
    summary: 'The public programme: public entries of published plans',
    tags: ['programme'],
    query: ProgrammeQuery,
    response: { 200: Programme },
  }),
};
