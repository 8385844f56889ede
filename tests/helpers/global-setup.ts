import pg from 'pg';

/**
 * Runs once per `vitest run`. With a real PostgreSQL (DATABASE_URL set), every run gets a brand-new
 * database, so migrations always start from empty and no earlier run's rows or schema leak in.
 * The workers inherit the rewritten DATABASE_URL; the database is dropped when the run ends.
 */
export default async function setup() {
  const base = process.env.DATABASE_URL;
  if (!base) return;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  // Leftovers of runs that were killed before their teardown.
  const old = await admin.query(
    `select datname from pg_database where datname like 'planner_run_%' and datname < $1`,
    [`planner_run_${(Date.now() - 6 * 3600_000).toString(36)}`],
  );
  for (const r of old.rows) await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => {});
  const name = `planner_run_${Date.now().toString(36)}_${process.pid}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = '/' + name;
  process.env.DATABASE_URL = url.toString();
  return async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await c.end();
  };
}
