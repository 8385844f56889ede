import pg from 'pg';
import { Redis } from 'ioredis';

const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** Fails the run at once, with the reason, when a configured service does not answer. */
async function requireReachable(what: string, url: string, probe: () => Promise<unknown>): Promise<void> {
  try {
    await probe();
  } catch (err) {
    const where = url.replace(/\/\/[^@/]*@/, '//…@');
    throw new Error(
      `${what} at ${where} is not reachable${CI ? ' (CI=true: the run fails instead of skipping)' : ''}: ${(err as Error).message}`,
    );
  }
}

/**
 * Runs once per `vitest run`. A configured PostgreSQL or Redis must answer, else the run fails here
 * with one clear message. With a real PostgreSQL (DATABASE_URL set), every run gets a brand-new
 * database, so migrations always start from empty and no earlier run's rows or schema leak in.
 * The workers inherit the rewritten DATABASE_URL; the database is dropped when the run ends.
 */
export default async function setup() {
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    await requireReachable('Redis', redisUrl, async () => {
      const redis = new Redis(redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        connectTimeout: 5000,
        retryStrategy: () => null,
      });
      redis.on('error', () => {}); // reported by the rejected connect/ping below
      try {
        await redis.connect();
        await redis.ping();
      } finally {
        redis.disconnect();
      }
    });
  }
  const base = process.env.DATABASE_URL;
  if (!base) return;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  await requireReachable('PostgreSQL', base, () => admin.connect());
  // Leftovers of runs that were killed before their teardown.
  const old = await admin.query(`select datname from pg_database where datname like 'planner_run_%' and datname < $1`, [
    `planner_run_${(Date.now() - 6 * 3600_000).toString(36)}`,
  ]);
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
