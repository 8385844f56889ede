/** All SQL of the plans capability: plans, their lifecycle status and their members. */
import type { Actor, Member, Paged, PlanRole, PlanStatus, PlanSummary } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

interface PlanRow {
  id: string;
  title: string;
  status: PlanStatus;
  storefront_id: string;
  storefront_title: string;
  quarter_id: string;
  quarter_name: string;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  my_role: PlanSummary['myRole'];
  archived_at: Date | string | null;
  deleted_at: Date | string | null;
  total?: number;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toSummary(r: PlanRow): PlanSummary {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    storefrontId: r.storefront_id,
    storefrontTitle: r.storefront_title,
    quarterId: r.quarter_id,
    quarterName: r.quarter_name,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    myRole: r.my_role ?? null,
    archivedAt: r.archived_at ? iso(r.archived_at) : null,
    deletedAt: r.deleted_at ? iso(r.deleted_at) : null,
  };
}

/** $1 is always the caller's user id (for `my_role`). */
const SELECT = `select p.id, p.title, p.status, p.storefront_id, s.title as storefront_title,
    s.quarter_id, q.name as quarter_name, p.created_by, p.created_at, p.updated_at, m.role as my_role,
    p.archived_at, p.deleted_at
  from plans p
  join storefronts s on s.id = p.storefront_id
  left join quarters q on q.id = s.quarter_id
  left join plan_members m on m.plan_id = p.id and m.user_id = $1`;

export async function getPlan(db: Queryable, userId: string | null, id: string): Promise<PlanSummary | null> {
  const { rows } = await db.query<PlanRow>(`${SELECT} where p.id = $2`, [userId, id]);
  return rows[0] ? toSummary(rows[0]) : null;
}

export interface PlanFilter {
  mine?: boolean;
  storefront?: string;
  status?: PlanStatus;
  quarter?: string;
  /** Include archived plans (issue 14); deleted plans are never listed here. */
  archived?: boolean;
  limit: number;
  offset: number;
}

/**
 * Plans the actor may see: staff see all; others the plans they are members of and the plans at
 * storefronts they own.
 */
export async function listPlans(
  db: Queryable,
  actor: { userId: string; staff: boolean },
  f: PlanFilter,
): Promise<Paged<PlanSummary>> {
  const params: unknown[] = [actor.userId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = ['p.deleted_at is null'];
  if (!f.archived) where.push('p.archived_at is null');
  if (!actor.staff || f.mine) where.push(`(m.role is not null or s.owner_id = $1)`);
  if (f.storefront) where.push(`p.storefront_id = ${p(f.storefront)}`);
  if (f.status) where.push(`p.status = ${p(f.status)}`);
  if (f.quarter) where.push(`s.quarter_id = ${p(f.quarter)}`);
  const { rows } = await db.query<PlanRow>(
    `select *, count(*) over ()::int as total from (${SELECT} ${where.length ? 'where ' + where.join(' and ') : ''}) x
     order by updated_at desc limit ${p(f.limit)} offset ${p(f.offset)}`,
    params,
  );
  return { items: rows.map(toSummary), total: rows[0]?.total ?? 0, limit: f.limit, offset: f.offset };
}

/**
 * Approved and published plans (not archived, not deleted) whose binding approval, the latest decision,
 * went stale: the stored flag, so no live document is read (issue 19). Newest change first.
 */
export async function staleApprovedPlans(db: Queryable, userId: string, limit: number): Promise<PlanSummary[]> {
  const { rows } = await db.query<PlanRow>(
    `${SELECT}
      join lateral (select a.decision, a.stale from approvals a where a.plan_id = p.id order by a.id desc limit 1) a on true
     where p.status in ('approved', 'published') and p.deleted_at is null and p.archived_at is null
       and a.decision = 'approved' and a.stale
     order by p.updated_at desc limit $2`,
    [userId, limit],
  );
  return rows.map(toSummary);
}

/** The owner of a storefront: undefined when there is no such storefront. */
export async function storefrontOwner(db: Queryable, storefrontId: string): Promise<string | null | undefined> {
  const { rows } = await db.query<{ owner_id: string | null }>('select owner_id from storefronts where id = $1', [storefrontId]);
  return rows.length ? rows[0].owner_id : undefined;
}

export async function insertPlan(
  db: Queryable,
  p: { id: string; storefrontId: string; title: string; createdBy: string },
): Promise<void> {
  await db.query('insert into plans (id, storefront_id, title, created_by) values ($1, $2, $3, $4)', [
    p.id,
    p.storefrontId,
    p.title,
    p.createdBy,
  ]);
}

/** A plan's status; null when there is no such plan. */
/** Makes the user the plan's lead. */
export async function setPlanLead(tx: Queryable, planId: string, userId: string): Promise<void> {
  await tx.query('update plans set lead_id = $2 where id = $1', [planId, userId]);
}

export async function planStatus(db: Queryable, planId: string): Promise<PlanStatus | null> {
  const { rows } = await db.query<{ status: PlanStatus }>('select status from plans where id = $1', [planId]);
  return rows[0]?.status ?? null;
}

/** Locks the plan's row for the rest of the transaction and returns its status (null: no such plan). */
export async function lockPlanStatus(tx: Queryable, planId: string): Promise<PlanStatus | null> {
  const { rows } = await tx.query<{ status: PlanStatus }>('select status from plans where id = $1 for update', [planId]);
  return rows[0]?.status ?? null;
}

export async function setPlanStatus(tx: Queryable, planId: string, status: PlanStatus): Promise<void> {
  await tx.query('update plans set status = $2, updated_at = now() where id = $1', [planId, status]);
}

// ── Members ──────────────────────────────────────────────────────────────────

/** Plan memberships: one role per person and plan. */
export async function listMembers(db: Queryable, planId: string): Promise<Member[]> {
  const { rows } = await db.query<{ user_id: string; name: string; email: string; role: PlanRole }>(
    `select m.user_id, u.name, u.email, m.role from plan_members m join users u on u.id = m.user_id
      where m.plan_id = $1 order by m.created_at, u.name`,
    [planId],
  );
  return rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role }));
}

export async function roleOf(db: Queryable, planId: string, userId: string): Promise<PlanRole | null> {
  const { rows } = await db.query<{ role: PlanRole }>('select role from plan_members where plan_id = $1 and user_id = $2', [
    planId,
    userId,
  ]);
  return rows[0]?.role ?? null;
}

/** Adds a member; false when they already are one (their role is left alone). */
export async function addMember(
  db: Queryable,
  planId: string,
  userId: string,
  role: PlanRole,
  addedBy: string | null,
): Promise<boolean> {
  const res = await db.query(
    `insert into plan_members (plan_id, user_id, role, added_by) values ($1, $2, $3, $4) on conflict (plan_id, user_id) do nothing`,
    [planId, userId, role, addedBy],
  );
  return res.rowCount > 0;
}

/** Changes a member's role; returns the previous role, or null when not a member. */
export async function changeRole(db: Queryable, planId: string, userId: string, role: PlanRole): Promise<PlanRole | null> {
  const before = await roleOf(db, planId, userId);
  if (!before) return null;
  await db.query('update plan_members set role = $3 where plan_id = $1 and user_id = $2', [planId, userId, role]);
  return before;
}

/** Removes a member; returns the role they had, or null when not a member. */
export async function removeMember(db: Queryable, planId: string, userId: string): Promise<PlanRole | null> {
  const { rows } = await db.query<{ role: PlanRole }>(
    'delete from plan_members where plan_id = $1 and user_id = $2 returning role',
    [planId, userId],
  );
  return rows[0]?.role ?? null;
}

/**
 * The plan's lead designer, as SQL over `p` (a plans row): `lead_id` while that person is a designer
 * member; else the creator when a designer member; else the earliest designer member; else null.
 */
export const LEAD_SQL = `coalesce(
    (select lm.user_id from plan_members lm where lm.plan_id = p.id and lm.user_id = p.lead_id and lm.role = 'designer'),
    (select lm.user_id from plan_members lm where lm.plan_id = p.id and lm.user_id = p.created_by and lm.role = 'designer'),
    (select lm.user_id from plan_members lm where lm.plan_id = p.id and lm.role = 'designer' order by lm.created_at, lm.user_id limit 1))`;

/** A plan's storefront and the actor's relation to it; null when the plan does not exist. */
export async function planRelation(
  db: Queryable,
  actor: Actor,
  planId: string,
): Promise<{
  storefrontId: string;
  ownerId: string | null;
  role: PlanRole | null;
  status: PlanStatus;
  deleted: boolean;
  isLead: boolean;
} | null> {
  const { rows } = await db.query<{
    storefront_id: string;
    owner_id: string | null;
    role: PlanRole | null;
    status: PlanStatus;
    deleted: boolean;
    lead_id: string | null;
  }>(
    `select p.storefront_id, s.owner_id, m.role, p.status, p.deleted_at is not null as deleted, ${LEAD_SQL} as lead_id
       from plans p
       join storefronts s on s.id = p.storefront_id
       left join plan_members m on m.plan_id = p.id and m.user_id = $2
      where p.id = $1`,
    [planId, actor?.userId ?? null],
  );
  const row = rows[0];
  return row
    ? {
        storefrontId: row.storefront_id,
        ownerId: row.owner_id,
        role: row.role,
        status: row.status,
        deleted: row.deleted,
        isLead: !!actor && row.lead_id === actor.userId && row.role === 'designer',
      }
    : null;
}

/** Whether a plan with this id exists (deleted ones too). */
export async function planExists(db: Queryable, planId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from plans where id = $1', [planId]);
  return rows.length > 0;
}
