/** Plan housekeeping (issue 14): rename, archive, soft delete and restore, duplicate as a template. */
import { z } from 'zod';
import { planParams } from './auth.ts';
import { DateOnly, Line } from './common.ts';
import { defineRoute } from './contract.ts';
import { PlanSummary } from './plans.ts';

/** Actions without input take an empty object (or no body). */
export const PlanActionBody = z.object({}).strict().nullish();

export const PlanRenameBody = z.object({ title: Line(200) }).strict();
export type PlanRenameBody = z.infer<typeof PlanRenameBody>;

/**
 * Duplicate a plan as a template: a new draft with the same layout, tasks and concept; the schedule
 * keeps its relative offsets and starts on `startDate` (its first entry's Berlin day moves there).
 */
export const PlanDuplicateBody = z.object({ title: Line(200), startDate: DateOnly }).strict();
export type PlanDuplicateBody = z.infer<typeof PlanDuplicateBody>;

/** A deleted plan as staff list it: restorable until `restoreUntil`, then purged. */
export const DeletedPlan = PlanSummary.extend({
  deletedAt: z.string(),
  restoreUntil: z.string(),
  deletedBy: z.string().nullable(),
});
export type DeletedPlan = z.infer<typeof DeletedPlan>;

export const housekeepingRoutes = {
  rename: defineRoute({
    method: 'PATCH',
    path: '/api/plans/:planId',
    summary: 'Rename a plan',
    tags: ['plans'],
    params: planParams,
    body: PlanRenameBody,
    response: { 200: PlanSummary },
  }),
  archive: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/archive',
    summary: 'Archive a done or withdrawn plan: off the dashboards, still readable',
    tags: ['plans'],
    params: planParams,
    body: PlanActionBody,
    response: { 200: PlanSummary },
  }),
  unarchive: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/unarchive',
    summary: 'Bring an archived plan back to the dashboards',
    tags: ['plans'],
    params: planParams,
    body: PlanActionBody,
    response: { 200: PlanSummary },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId',
    summary: 'Delete a draft that was never submitted (soft delete; staff may restore it for PLAN_RESTORE_DAYS)',
    tags: ['plans'],
    params: planParams,
    response: { 204: z.null() },
  }),
  deleted: defineRoute({
    method: 'GET',
    path: '/api/plans/deleted',
    summary: 'Deleted plans that can still be restored (staff)',
    tags: ['plans'],
    response: { 200: z.object({ items: z.array(DeletedPlan) }) },
  }),
  restore: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/restore',
    summary: 'Restore a deleted plan (staff)',
    tags: ['plans'],
    params: planParams,
    body: PlanActionBody,
    response: { 200: PlanSummary },
  }),
  duplicate: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/duplicate',
    summary: 'Duplicate a plan as a template with its schedule moved to a new start date (the copier leads the copy)',
    tags: ['plans'],
    params: planParams,
    body: PlanDuplicateBody,
    response: { 201: PlanSummary },
  }),
};
