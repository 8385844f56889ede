import type { Actor, PlanRole, Resource } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

/** A plan seen from one actor: what the permission matrix needs to decide. */
export interface PlanContext {
  planId: string;
  storefrontId: string;
  /** The actor's relation, ready for `can(actor, action, resource)`. */
  resource: Resource;
}

/** Loads a plan and the actor's relation to it; null when the plan does not exist. */
export async function loadPlanContext(db: Queryable, actor: Actor, planId: string): Promise<PlanContext | null> {
  const { rows } = await db.query<{ storefront_id: string; owner_id: string | null; role: PlanRole | null }>(
    `select p.storefront_id, s.owner_id, m.role
       from plans p
       join storefronts s on s.id = p.storefront_id
       left join plan_members m on m.plan_id = p.id and m.user_id = $2
      where p.id = $1`,
    [planId, actor?.userId ?? null],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    planId,
    storefrontId: row.storefront_id,
    resource: {
      planRole: row.role,
      ownsStorefront: !!actor && row.owner_id === actor.userId,
    },
  };
}
