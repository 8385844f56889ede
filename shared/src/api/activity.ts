/** The activity log: who did what, when (staff). */
import { z } from 'zod';
import { DateOnly, Id, Page, storable } from './common.ts';
import { defineRoute } from './contract.ts';

/** An audited action's name, e.g. `comment.created`. */
export const ActivityAction = z
  .string()
  .max(80)
  .regex(/^[a-z][a-zA-Z_]*(\.[a-zA-Z_]+)+$/, 'an action such as comment.created');

/**
 * Filters of the staff's activity view. `actor`: part of a name or e-mail address, or the pseudonym of a
 * deleted account (`former-…`); `from`/`to`: calendar days in Europe/Berlin, both included; `before`
 * pages back by entry id (the answer's `nextBefore`).
 */
export const ActivityQuery = Page.extend({
  planId: Id.optional(),
  before: z.coerce.number().int().positive().optional(),
  actorId: Id.optional(),
  actor: storable(z.string().trim().min(1).max(200)).optional(),
  action: ActivityAction.optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  path: ['to'],
  message: 'must not be before from',
  params: { key: 'activity.toBeforeFrom' },
});

export const ActivityEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** Set instead of `actorId` once the account was deleted: the same pseudonym for all its entries. */
  actorPseudonym: z.string().nullable().optional(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  planId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const activityRoutes = {
  /** Newest first; `before` pages back by entry id. */
  list: defineRoute({
    method: 'GET',
    path: '/api/activity',
    summary: 'The activity log, newest first',
    tags: ['activity'],
    query: ActivityQuery,
    response: {
      200: z.object({
        items: z.array(ActivityEntry),
        /** Pass as `before` for the next page; null on the last page. */
        nextBefore: z.number().int().nullable().optional(),
      }),
    },
  }),
  /** The actions that occur in the log (for the filter). */
  actions: defineRoute({
    method: 'GET',
    path: '/api/activity/actions',
    summary: 'The actions that occur in the activity log',
    tags: ['activity'],
    response: { 200: z.object({ actions: z.array(z.string()) }) },
  }),
};
