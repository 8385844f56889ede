/** The activity log: who did what, when (staff). */
import { z } from 'zod';
import { Id, Page } from './common.ts';
import { defineRoute } from './contract.ts';

export const ActivityQuery = Page.extend({ planId: Id.optional(), before: z.coerce.number().int().positive().optional() });

export const ActivityEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
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
    response: { 200: z.object({ items: z.array(ActivityEntry) }) },
  }),
};
