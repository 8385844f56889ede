/** SQL of account roles (the `roles` column of users, migration 009). */
import type { AccountRole } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

/** Adds roles to an account (a set: each role once, in the order of ACCOUNT_ROLES). */
export async function addAccountRoles(db: Queryable, userId: string, roles: AccountRole[]): Promise<void> {
  await db.query(
    `update users set roles = array(
       select r from unnest(array['staff', 'owner', 'designer', 'applicant', 'juror']::text[]) with ordinality as t(r, n)
        where r = any(roles || $2::text[]) order by n)
      where id = $1`,
    [userId, roles],
  );
}
