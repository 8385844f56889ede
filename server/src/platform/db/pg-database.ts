import pg from 'pg';
import { throttledErrorLog, type ErrorSink } from '../log-throttle.ts';
import type { Database, Queryable, QueryResult } from './database.ts';

// bigint columns (counts, bigserial ids) come back as JS numbers; ours stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** PostgreSQL through a `pg.Pool`. */
export class PgDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;

  constructor(connectionString: string, max = 10, log?: ErrorSink) {
    this.pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000 });
    // An idle client that loses its connection must not crash the process; logged, rate-limited.
    this.pool.on('error', throttledErrorLog('postgres pool', log));
  }

  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
    const res = await this.pool.query(sql, params as unknown[]);
    return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await fn({
        query: async <R>(sql: string, params: unknown[] = []) => {
          const res = await client.query(sql, params as unknown[]);
          return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
        },
      });
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
