import type { Actor, Resource } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { planRelation } from './repo.ts';

/** A plan seen from one actor: what the permission matrix needs to decide. */
export interface PlanContext {
  planId: string;
  storefrontId: string;
  /** The actor's relation, ready for `can(actor, action, resource)`. */
  resource: Resource;
  /** Soft-deleted (issue 14): 404 `plan.deleted` for everyone but staff. */
  deleted?: boolean;
}

/** Statuses in which the plan document is read-only for everyone (issue 14). */
const CLOSED_STATUSES: readonly string[] = ['withdrawn', 'done'];

/** Loads a plan and the actor's relation to it; null when the plan does not exist. */
export async function loadPlanContext(db: Queryable, actor: Actor, planId: string): Promise<PlanContext | null> {
  const row = await planRelation(db, actor, planId);
  if (!row) return null;
  return {
    planId,
    storefrontId: row.storefrontId,
    resource: {
      planRole: row.role,
      ownsStorefront: !!actor && row.ownerId === actor.userId,
      closed: row.deleted || CLOSED_STATUSES.includes(row.status),
      isLead: row.isLead,
    },
    deleted: row.deleted,
  };
}
