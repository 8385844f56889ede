/** The SQL behind a comment's mention targets (mention-targets.ts). */
import type { Queryable } from '../../platform/db/database.ts';

/** The plan's members with their names and roles, by name. */
export async function planMembersByName(
  db: Queryable,
  planId: string,
): Promise<{ user_id: string; name: string; role: string }[]> {
  const { rows } = await db.query<{ user_id: string; name: string; role: string }>(
    `select m.user_id, u.name, m.role from plan_members m join users u on u.id = m.user_id where m.plan_id = $1 order by u.name`,
    [planId],
  );
  return rows;
}

/** The owner of the plan's storefront (no row if there is none). */
export async function planStorefrontOwner(db: Queryable, planId: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `select u.id, u.name from plans p join storefronts s on s.id = p.storefront_id join users u on u.id = s.owner_id where p.id = $1`,
    [planId],
  );
  return rows;
}

/** The staff member who decided on the plan last, else its staff member (at most one row). */
export async function planReviewer(db: Queryable, planId: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `select u.id, u.name from (
        (select a.decided_by as id, 0 as rank, a.id as n from approvals a where a.plan_id = $1 and a.decided_by is not null)
        union all
        (select m.user_id, 1, 0 from plan_members m where m.plan_id = $1 and m.role = 'staff')
      ) r join users u on u.id = r.id
      where u.staff or 'staff' = any(u.roles)
      order by r.rank, r.n desc limit 1`,
    [planId],
  );
  return rows;
}

/** Every staff account, by name. */
export async function staffAccounts(db: Queryable): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `select id, name from users where staff or 'staff' = any(roles) order by name`,
  );
  return rows;
}
