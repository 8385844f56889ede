import type { Queryable } from './database.ts';

/**
 * Takes a transaction-scoped advisory lock on a text key (released at commit or rollback), so that
 * writers of one sequence (version numbers, a plan's comment thread, a person's notifications) commit
 * in order. Works the same on PostgreSQL and PGlite.
 */
export async function lockXact(tx: Queryable, key: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [key]);
}
