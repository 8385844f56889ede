/**
 * Real PostgreSQL and Redis for the scenarios that need them (S3, S5, S6, S7). Each run gets a
 * brand-new database, dropped afterwards, so byte counts and row counts belong to that run alone.
 */
import pg from 'pg';
import { Redis } from 'ioredis';

export const PG_URL = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL || process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export async function postgresAvailable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return null;
  } catch (err) {
    return `PostgreSQL at ${redact(PG_URL)} not reachable: ${(err as Error).message}`;
  } finally {
    await c.end().catch(() => {});
  }
}

export async function redisAvailable(): Promise<string | null> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (err) {
    return `Redis at ${redact(REDIS_URL)} not reachable: ${(err as Error).message}`;
  } finally {
    r.disconnect();
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export interface FreshDb {
  url: string;
  name: string;
  /** A client on the fresh database (closed by drop()). */
  client: pg.Client;
  drop(): Promise<void>;
}

/** Creates an empty database next to PG_URL's; drop() removes it. */
export async function freshDatabase(): Promise<FreshDb> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = `planner_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = '/' + name;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    name,
    client,
    async drop() {
      await client.end().catch(() => {});
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end();
    },
  };
}
