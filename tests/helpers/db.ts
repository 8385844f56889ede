import { migrate, type Database, type Queryable } from '@planner/server';
import { PgliteDatabase } from '@planner/server/platform/db/pglite-database';
import { PgDatabase } from '@planner/server/platform/db/pg-database';
import { DATABASE_URL } from './backends.ts';

let shared: Promise<Database> | undefined;

/**
 * The test process's database: one in-memory PGlite shared by every test file of this worker
 * (opening one costs seconds and most of a GB), or a pool on the real PostgreSQL. Migrated once.
 * Tests keep their data apart by creating their own rows (fresh ids), never by wiping tables.
 */
export function sharedDatabase(): Promise<Database> {
  shared ??= (async () => {
    const db: Database = DATABASE_URL ? new PgDatabase(DATABASE_URL, 5) : await PgliteDatabase.open('memory://');
    await migrate(db);
    return db;
  })();
  return shared;
}

/** A brand-new, empty PostgreSQL database for tests that need one (real PostgreSQL only). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!DATABASE_URL) throw new Error('freshPostgresDatabase needs DATABASE_URL');
  const admin = new PgDatabase(DATABASE_URL, 1);
  const name = `planner_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`create database ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

/**
 * A brand-new, empty schema in the shared embedded database, seen through a Database whose every
 * transaction runs with `search_path` set to it (`set local`, so the shared connection's other users
 * are unaffected). PGlite is one database in one process, so this is how a test gets an empty one there.
 */
export async function freshPgliteSchema(): Promise<{ db: Database; schema: string; drop(): Promise<void> }> {
  const shared = await sharedDatabase();
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await shared.query(`create schema ${schema}`);
  const inSchema = <T>(fn: (tx: Queryable) => Promise<T>) =>
    shared.transaction(async (tx) => {
      await tx.query(`set local search_path to ${schema}`);
      return fn(tx);
    });
  const db: Database = {
    kind: shared.kind,
    transaction: inSchema,
    query: (sql, params) => inSchema((tx) => tx.query(sql, params)),
    exec: (sql) => inSchema((tx) => tx.query(sql)).then(() => undefined),
    ping: () => shared.ping(),
    close: async () => {},
  };
  return { db, schema, drop: () => shared.query(`drop schema ${schema} cascade`).then(() => undefined) };
}
