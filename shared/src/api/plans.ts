/** Plans, their lifecycle and their members: schemas and route contracts. */
import { z } from 'zod';
import { addMemberBody, changeRoleBody, memberParams, memberSchema, planParams, planRoleSchema } from './auth.ts';
import { Id, Line, Page, storable } from './common.ts';
import { defineRoute } from './contract.ts';
import { ContentHash, Reason } from './consent.ts';

/** The plan lifecycle (DESIGN.md §4). */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'published', 'done', 'withdrawn'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * A typed subset of the statuses. Its elements are `PlanStatus`; `includes` also takes a status read as
 * plain text (a database row, a check's input), so no caller needs a cast.
 */
export type StatusSubset = readonly PlanStatus[] & { includes(status: string): boolean };
const subset = (...statuses: PlanStatus[]): StatusSubset => Object.freeze(statuses) as StatusSubset;

/** Statuses in which a plan holds its storefront: they count for double bookings. */
export const BOOKING_STATUSES = subset('submitted', 'approved', 'published');
/** Statuses of plans that are still live: their people and times matter for cross-plan checks. */
export const ACTIVE_STATUSES = subset('draft', 'submitted', 'approved', 'published');
/** Statuses in which the latest approval binds the schedule (and can go stale). */
export const BOUND_STATUSES = subset('approved', 'published', 'done');

/** Transitions by name: from which states, to which state, and the permission action that guards it. */
export const PLAN_TRANSITIONS = {
  submit: { from: ['draft'], to: 'submitted', action: 'plan.submit' },
  withdraw: { from: ['draft', 'submitted', 'approved'], to: 'withdrawn', action: 'plan.submit' },
  approve: { from: ['submitted'], to: 'approved', action: 'plan.approve' },
  'request-changes': { from: ['submitted', 'approved'], to: 'draft', action: 'plan.approve' },
  publish: { from: ['approved'], to: 'published', action: 'plan.publish' },
  complete: { from: ['published'], to: 'done', action: 'plan.publish' },
  reopen: { from: ['withdrawn'], to: 'draft', action: 'plan.reopen' },
  unpublish: { from: ['published'], to: 'approved', action: 'plan.unpublish' },
} as const satisfies Record<string, { from: readonly PlanStatus[]; to: PlanStatus; action: string }>;
export type PlanTransition = keyof typeof PLAN_TRANSITIONS;
export const PLAN_TRANSITION_NAMES = Object.keys(PLAN_TRANSITIONS) as PlanTransition[];

export const PlanCreate = z.object({ storefrontId: Id, title: Line(200) }).strict();
export type PlanCreate = z.infer<typeof PlanCreate>;

export const PlanTransitionBody = z.object({ note: storable(z.string().max(4000)).optional() }).strict();
/** Requesting changes must say which: the note is required and not blank (a 400 naming `note` otherwise). */
export const RequestChangesBody = z.object({ note: storable(z.string().trim().min(1).max(4000)) }).strict();

/** A reason staff record for overriding a safeguard: required, not blank. */
const OverrideReason = storable(z.string().trim().min(1).max(2000));
/**
 * Publishing: an optional note; `overrideErrors` publishes despite open error findings (the reason
 * is recorded in the activity log); `overrideConsent` publishes without the owner's current consent.
 */
export const PublishBody = z
  .object({
    note: storable(z.string().max(4000)).optional(),
    overrideErrors: OverrideReason.optional(),
    overrideConsent: OverrideReason.optional(),
  })
  .strict();
export type PublishBody = z.infer<typeof PublishBody>;
/** Un-publishing must say why: the note (the reason) is required and not blank. */
export const UnpublishBody = RequestChangesBody;
/**
 * Approving binds what the reviewer saw: `scheduleHash` is the hash of the schedule on their screen (a
 * 409 `schedule-changed` with the diff when the live one differs); open error findings must be
 * acknowledged with a reason (`acknowledgeErrors`, recorded in the approval).
 */
export const ApproveBody = PlanTransitionBody.extend({
  scheduleHash: ContentHash,
  acknowledgeErrors: Reason.optional(),
}).strict();

export const PlanListQuery = Page.extend({
  mine: z.enum(['true', 'false']).optional(),
  /** Issue 14: archived plans are left out unless asked for ("Archivierte anzeigen"). */
  archived: z.enum(['true', 'false']).optional(),
  storefront: Id.optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  quarter: Id.optional(),
});

export const PlanSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(PLAN_STATUSES),
  storefrontId: z.string(),
  storefrontTitle: z.string(),
  quarterId: z.string(),
  quarterName: z.string(),
  /** Null once the account that started the plan was deleted (issue 20). */
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The caller's role in this plan, if a member. */
  myRole: planRoleSchema.nullable(),
  /** Issue 14: when the plan was archived (off the dashboards, still readable). */
  archivedAt: z.string().nullable().optional(),
  /** Issue 14: when the plan was deleted (only staff see deleted plans). */
  deletedAt: z.string().nullable().optional(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const PlanList = z.object({
  items: z.array(PlanSummary),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** The answer of a transition: the plan after it, and what happened. */
export const PlanTransitionResult = PlanSummary.extend({
  transition: z.object({
    name: z.enum(PLAN_TRANSITION_NAMES as [PlanTransition, ...PlanTransition[]]),
    from: z.enum(PLAN_STATUSES),
    to: z.enum(PLAN_STATUSES),
  }),
});
export type PlanTransitionResult = z.infer<typeof PlanTransitionResult>;

/** The answer of a role change: the member's new role and what they may now do with the document. */
/**
 * `POST /api/plans/:planId/members`: the one answer for a known and an unknown address (an existing
 * account holding the role is added, an unknown address gets an invitation into the plan, anything
 * else is dropped), so the answer never tells whether an account exists.
 */
export const MemberAddAccepted = z.object({ status: z.literal('invitedOrAdded') });
export type MemberAddAccepted = z.infer<typeof MemberAddAccepted>;

export const MemberRoleChanged = z.object({
  userId: z.string(),
  role: planRoleSchema,
  access: z.enum(['none', 'read', 'write']),
});

const transitionRoute = <const T extends PlanTransition, B extends z.ZodType = ReturnType<typeof PlanTransitionBody.optional>>(
  name: T,
  body: B = PlanTransitionBody.optional() as unknown as B,
) =>
  defineRoute({
    method: 'POST',
    path: `/api/plans/:planId/transitions/${name}`,
    summary: `Plan lifecycle: ${name} (${PLAN_TRANSITIONS[name].from.join(', ')} → ${PLAN_TRANSITIONS[name].to})`,
    tags: ['plans'],
    params: planParams,
    body,
    response: { 200: PlanTransitionResult },
  });

export const planRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/api/plans',
    summary: 'Create a plan for a storefront (the creator becomes a member)',
    tags: ['plans'],
    body: PlanCreate,
    response: { 201: PlanSummary },
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/plans',
    summary: 'Plans the caller may see, newest change first',
    tags: ['plans'],
    query: PlanListQuery,
    response: { 200: PlanList },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId',
    summary: 'One plan',
    tags: ['plans'],
    params: planParams,
    response: { 200: PlanSummary },
  }),
  /** One route per transition, so each declares its own permission. */
  transitions: {
    submit: transitionRoute('submit'),
    withdraw: transitionRoute('withdraw'),
    approve: transitionRoute('approve', ApproveBody),
    'request-changes': transitionRoute('request-changes', RequestChangesBody),
    publish: transitionRoute('publish', PublishBody.optional()),
    complete: transitionRoute('complete'),
    reopen: transitionRoute('reopen'),
    unpublish: transitionRoute('unpublish', UnpublishBody),
  } satisfies Record<PlanTransition, unknown>,
  /**
   * `…/transitions/:transition` for any other name: the literal routes above take every known name, so
   * this one only ever answers the 400 naming the bad `transition`.
   */
  unknownTransition: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/transitions/:transition',
    summary: 'Plan lifecycle: unknown transition names (always 400)',
    tags: ['plans'],
    params: planParams.extend({ transition: z.enum(PLAN_TRANSITION_NAMES as [PlanTransition, ...PlanTransition[]]) }),
    body: PlanTransitionBody.optional(),
    response: { 200: PlanTransitionResult },
  }),
};

export const memberRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/members',
    summary: 'Members of a plan',
    tags: ['plans'],
    params: planParams,
    response: { 200: z.object({ members: z.array(memberSchema) }) },
  }),
  add: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/members',
    summary:
      'Add a designer account to a plan, or invite an unknown address into it: the same answer either way (no account-existence oracle)',
    tags: ['plans'],
    params: planParams,
    body: addMemberBody,
    response: { 202: MemberAddAccepted },
  }),
  changeRole: defineRoute({
    method: 'PATCH',
    path: '/api/plans/:planId/members/:userId',
    summary: "Change a member's role",
    tags: ['plans'],
    params: memberParams,
    body: changeRoleBody,
    response: { 200: MemberRoleChanged },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/members/:userId',
    summary: 'Remove a member from a plan',
    tags: ['plans'],
    params: memberParams,
    response: { 204: z.null() },
  }),
};
