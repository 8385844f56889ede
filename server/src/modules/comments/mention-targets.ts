import type { FastifyInstance } from 'fastify';
import { mentionTargetRoutes, type MentionTarget } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';

/**
 * Whom a comment on a plan may notify (issue 14): its members, its storefront's owner, and the
 * Stabsstelle — the staff member who decided on the plan last (or is its staff member), else every
 * staff account. `exceptUserId` (the writer) is left out.
 */
export async function mentionTargets(db: Queryable, planId: string, exceptUserId: string | null): Promise<MentionTarget[]> {
  const members = await db.query<{ user_id: string; name: string; role: string }>(
    `select m.user_id, u.name, m.role from plan_members m join users u on u.id = m.user_id where m.plan_id = $1 order by u.name`,
    [planId],
  );
  const owner = await db.query<{ id: string; name: string }>(
    `select u.id, u.name from plans p join storefronts s on s.id = p.storefront_id join users u on u.id = s.owner_id where p.id = $1`,
    [planId],
  );
  const reviewer = await db.query<{ id: string; name: string }>(
    `select u.id, u.name from (
        (select a.decided_by as id, 0 as rank, a.id as n from approvals a where a.plan_id = $1 and a.decided_by is not null)
        union all
        (select m.user_id, 1, 0 from plan_members m where m.plan_id = $1 and m.role = 'staff')
      ) r join users u on u.id = r.id
      where u.staff or 'staff' = any(u.roles)
      order by r.rank, r.n desc limit 1`,
    [planId],
  );
  const staff = reviewer.rows.length
    ? reviewer.rows
    : (
        await db.query<{ id: string; name: string }>(
          `select id, name from users where staff or 'staff' = any(roles) order by name`,
        )
      ).rows;

  const ownerId = owner.rows[0]?.id ?? null;
  const out: MentionTarget[] = [];
  for (const m of members.rows) {
    if (m.user_id === exceptUserId || m.user_id === ownerId || m.role === 'staff') continue;
    out.push({ key: m.user_id, name: m.name, relation: 'member', role: m.role, userIds: [m.user_id] });
  }
  if (ownerId && ownerId !== exceptUserId) {
    out.push({ key: ownerId, name: owner.rows[0].name, relation: 'owner', role: null, userIds: [ownerId] });
  }
  const staffIds = staff.map((s) => s.id).filter((id) => id !== exceptUserId);
  if (staffIds.length) {
    out.push({ key: 'staff', name: reviewer.rows[0]?.name ?? '', relation: 'staff', role: null, userIds: staffIds });
  }
  return out;
}

/** Every user id a comment on the plan may mention (the writer's own included: it is dropped later). */
export async function mentionableIds(db: Queryable, planId: string): Promise<Set<string>> {
  const targets = await mentionTargets(db, planId, null);
  return new Set(targets.flatMap((t) => t.userIds));
}

/** `GET /api/plans/:planId/comments/mention-targets` (whoever may comment on the plan). */
export function registerMentionTargetRoutes(app: FastifyInstance): void {
  route(app, mentionTargetRoutes.list, { access: { action: 'comment.mentionTargets', resource: planResource } }, async (req) => ({
    items: await mentionTargets(app.db, req.params.planId, req.actor!.userId),
  }));
}
