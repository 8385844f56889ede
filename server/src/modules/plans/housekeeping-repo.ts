/** The SQL of plan housekeeping (housekeeping.ts). */
import type { Queryable } from '../../platform/db/database.ts';

export interface LockedPlanRow {
  status: string;
  archived_at: Date | null;
  deleted_at: Date | null;
  title: string;
}

/** Locks the plan's row for the transaction (undefined if there is no such plan). */
export async function lockPlanRow(tx: Queryable, planId: string): Promise<LockedPlanRow | undefined> {
  const { rows } = await tx.query<LockedPlanRow>(
    'select status, archived_at, deleted_at, title from plans where id = $1 for update',
    [planId],
  );
  return rows[0];
}

/** Its members and the storefront's owner, as user ids. */
export async function planPeopleIds(db: Queryable, planId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `select user_id from plan_members where plan_id = $1
     union select s.owner_id from plans p join storefronts s on s.id = p.storefront_id where p.id = $1 and s.owner_id is not null`,
    [planId],
  );
  return rows.map((r) => r.user_id);
}

/** The ids of every staff account. */
export async function staffUserIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from users where staff');
  return rows.map((r) => r.id);
}

export async function renamePlan(tx: Queryable, planId: string, title: string): Promise<void> {
  await tx.query('update plans set title = $2, updated_at = now() where id = $1', [planId, title]);
}

/** Archives the plan (keeping an earlier archive time) or unarchives it. */
export async function setPlanArchived(tx: Queryable, planId: string, archived: boolean): Promise<void> {
  await tx.query(`update plans set archived_at = ${archived ? 'coalesce(archived_at, now())' : 'null'} where id = $1`, [planId]);
}

/**
 * Whether the plan was ever submitted: per the activity log, or per the version every submit takes
 * (the log's rows go after RETENTION_AUDIT_DAYS, the plan's versions stay with the plan).
 */
export async function wasSubmitted(tx: Queryable, planId: string): Promise<boolean> {
  const { rows } = await tx.query(
    `select 1 from activity where plan_id = $1 and action = 'plan.submit'
     union all select 1 from plan_versions where plan_id = $1 and reason = 'submit' limit 1`,
    [planId],
  );
  return rows.length > 0;
}

export async function softDeletePlan(tx: Queryable, planId: string, deletedBy: string): Promise<void> {
  await tx.query('update plans set deleted_at = now(), deleted_by = $2 where id = $1', [planId, deletedBy]);
}

/** Plans deleted within the last `restoreMs`, newest first. */
export async function recentlyDeletedPlans(
  db: Queryable,
  restoreMs: number,
): Promise<{ id: string; deleted_at: Date; deleted_by: string | null }[]> {
  const { rows } = await db.query<{ id: string; deleted_at: Date; deleted_by: string | null }>(
    `select id, deleted_at, deleted_by from plans where deleted_at is not null and deleted_at > now() - ($1::bigint * interval '1 millisecond')
          order by deleted_at desc`,
    [restoreMs],
  );
  return rows;
}

export async function restorePlan(tx: Queryable, planId: string): Promise<void> {
  await tx.query('update plans set deleted_at = null, deleted_by = null, updated_at = now() where id = $1', [planId]);
}

/** The storefront of the plan (undefined if there is no such plan). */
export async function planStorefrontId(tx: Queryable, planId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ storefront_id: string }>('select storefront_id from plans where id = $1', [planId]);
  return rows[0]?.storefront_id;
}

/** Moves a live plan's updated_at to now; returns it (undefined if the plan is gone or deleted). */
export async function touchPlan(db: Queryable, planId: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ updated_at: Date }>(
    'update plans set updated_at = now() where id = $1 and deleted_at is null returning updated_at',
    [planId],
  );
  return rows[0]?.updated_at;
}

/** Plans deleted at least `restoreMs` ago. */
export async function expiredDeletedPlans(db: Queryable, restoreMs: number): Promise<{ id: string; title: string }[]> {
  const { rows } = await db.query<{ id: string; title: string }>(
    `select id, title from plans where deleted_at is not null and deleted_at <= now() - ($1::bigint * interval '1 millisecond')`,
    [restoreMs],
  );
  return rows;
}

/** Removes the plans' documents and the (still deleted) plans themselves. */
export async function purgePlans(tx: Queryable, ids: string[]): Promise<void> {
  await tx.query('delete from document_updates where doc_id = any($1)', [ids]);
  await tx.query('delete from documents where id = any($1)', [ids]);
  await tx.query('delete from plans where id = any($1) and deleted_at is not null', [ids]);
}
