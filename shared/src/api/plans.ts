import { z } from 'zod';
import { Id, Line, Page } from './common.ts';

/** The plan lifecycle (DESIGN.md §4). */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'published', 'done', 'withdrawn'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Transitions by name: from which states, to which state, and the permission action that guards it. */
export const PLAN_TRANSITIONS = {
  submit: { from: ['draft'], to: 'submitted', action: 'plan.submit' },
  withdraw: { from: ['draft', 'submitted', 'approved'], to: 'withdrawn', action: 'plan.submit' },
  approve: { from: ['submitted'], to: 'approved', action: 'plan.approve' },
  'request-changes': { from: ['submitted', 'approved'], to: 'draft', action: 'plan.approve' },
  publish: { from: ['approved'], to: 'published', action: 'plan.publish' },
  complete: { from: ['published'], to: 'done', action: 'plan.publish' },
} as const satisfies Record<string, { from: readonly PlanStatus[]; to: PlanStatus; action: string }>;
export type PlanTransition = keyof typeof PLAN_TRANSITIONS;
export const PLAN_TRANSITION_NAMES = Object.keys(PLAN_TRANSITIONS) as PlanTransition[];

export const PlanCreate = z.object({ storefrontId: Id, title: Line(200) }).strict();
export type PlanCreate = z.infer<typeof PlanCreate>;

export const PlanTransitionBody = z.object({ note: z.string().max(4000).optional() }).strict();

export const PlanListQuery = Page.extend({
  mine: z.enum(['true', 'false']).optional(),
  storefront: Id.optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  quarter: Id.optional(),
});

export interface PlanSummary {
  id: string;
  title: string;
  status: PlanStatus;
  storefrontId: string;
  storefrontTitle: string;
  quarterId: string;
  quarterName: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The caller's role in this plan, if a member. */
  myRole: 'designer' | 'owner' | 'staff' | null;
}
