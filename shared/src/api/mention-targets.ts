/** Whom a comment may notify ("Benachrichtigen", issue 14): route contract and schemas. */
import { z } from 'zod';
import { planParams } from './auth.ts';
import { defineRoute } from './contract.ts';

export const MENTION_RELATIONS = ['member', 'owner', 'staff'] as const;

/**
 * One choice: a plan member, the storefront's owner, or the Stabsstelle (`key: 'staff'`: the staff member
 * reviewing the plan, or all staff while no one has decided on it). Mentioning it puts `userIds` into
 * the comment's `mentions`.
 */
export const MentionTarget = z.object({
  key: z.string(),
  /** The person's name; for the Stabsstelle the reviewing staff member's name, or '' for all staff. */
  name: z.string(),
  relation: z.enum(MENTION_RELATIONS),
  /** A member's plan role (designer, owner, staff), else null. */
  role: z.string().nullable(),
  userIds: z.array(z.string()),
});
export type MentionTarget = z.infer<typeof MentionTarget>;

export const MentionTargets = z.object({ items: z.array(MentionTarget) });
export type MentionTargets = z.infer<typeof MentionTargets>;

export const mentionTargetRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/comments/mention-targets',
    summary: 'Whom a comment may notify: plan members, the storefront’s owner and the Stabsstelle',
    tags: ['comments'],
    params: planParams,
    response: { 200: MentionTargets },
  }),
};
