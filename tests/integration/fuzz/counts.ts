import type { Database } from '@planner/server';

/**
 * The tables a request writes directly (not those filled after commit by subscribers, like
 * notifications and the activity log, or by the sync layer and the checks in the background).
 */
export const MAIN_TABLES = [
  'users',
  'sessions',
  'api_tokens',
  'quarters',
  'storefronts',
  'plans',
  'plan_members',
  'invitations',
  'plan_versions',
  'approvals',
  'comments',
  'feed_tokens',
  'idempotency_keys',
  'cancelled_entries',
  'profiles',
] as const;

export type Counts = Record<(typeof MAIN_TABLES)[number], number>;

/** Row counts of the main tables, read in one statement through the app's own database. */
export async function rowCounts(db: Database): Promise<Counts> {
  const sql = `select ${MAIN_TABLES.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')}`;
  const { rows } = await db.query<Counts>(sql);
  return rows[0];
}

/** The tables whose count differs, with before → after. */
export function countChanges(before: Counts, after: Counts): string[] {
  return MAIN_TABLES.filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`);
}
