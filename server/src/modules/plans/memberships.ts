import type { Member, PlanRole } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

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
  const { rows } = await db.query<{ role: PlanRole }>('select role from plan_members where plan_id = $1 and user_id = $2', [planId, userId]);
  return rows[0]?.role ?? null;
}

/** Adds a member; false when they already are one (their role is left alone). */
export async function addMember(db: Queryable, planId: string, userId: string, role: PlanRole, addedBy: string | null): Promise<boolean> {
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
  const { rows } = await db.query<{ role: PlanRole }>('delete from plan_members where plan_id = $1 and user_id = $2 returning role', [
    planId,
    userId,
  ]);
  return rows[0]?.role ?? null;
}
