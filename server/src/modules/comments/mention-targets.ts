import type { FastifyInstance } from 'fastify';
import { mentionTargetRoutes, type MentionTarget } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { planMembersByName, planReviewer, planStorefrontOwner, staffAccounts } from './mention-targets-repo.ts';

/**
 * Whom a comment on a plan may notify (issue 14): its members, its storefront's owner, and the
 * Stabsstelle — the staff member who decided on the plan last (or is its staff member), else every
 * staff account. `exceptUserId` (the writer) is left out.
 */
export async function mentionTargets(db: Queryable, planId: string, exceptUserId: string | null): Promise<MentionTarget[]> {
  const members = await planMembersByName(db, planId);
  const owner = await planStorefrontOwner(db, planId);
  const reviewer = await planReviewer(db, planId);
  const staff = reviewer.length ? reviewer : await staffAccounts(db);

  const ownerId = owner[0]?.id ?? null;
  const out: MentionTarget[] = [];
  for (const m of members) {
    if (m.user_id === exceptUserId || m.user_id === ownerId || m.role === 'staff') continue;
    out.push({ key: m.user_id, name: m.name, relation: 'member', role: m.role, userIds: [m.user_id] });
  }
  if (ownerId && ownerId !== exceptUserId) {
    out.push({ key: ownerId, name: owner[0].name, relation: 'owner', role: null, userIds: [ownerId] });
  }
  const staffIds = staff.map((s) => s.id).filter((id) => id !== exceptUserId);
  if (staffIds.length) {
    out.push({ key: 'staff', name: reviewer[0]?.name ?? '', relation: 'staff', role: null, userIds: staffIds });
  }
  return out;
}

/** `GET /api/plans/:planId/comments/mention-targets` (whoever may comment on the plan). */
export function registerMentionTargetRoutes(app: FastifyInstance): void {
  route(app, mentionTargetRoutes.list, { access: { action: 'comment.mentionTargets', resource: planResource } }, async (req) => ({
    items: await mentionTargets(app.db, req.params.planId, req.actor!.userId),
  }));
}
