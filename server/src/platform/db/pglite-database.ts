import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database.ts';

function adapt<R>(res: { rows: R[]; affectedRows?: number }): QueryResult<R> {
  return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
}

/** The embedded default: real PostgreSQL compiled to WASM, in a data folder or in memory. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private closed = false;

  private constructor(readonly db: PGlite) {}

  /** `dataDir` is a folder, or `memory://` for a throw-away database. */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    const db = await PGlite.create(dataDir);
    return new PgliteDatabase(db);
  }

  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
    return adapt(await this.db.query<R>(sql, params));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      fn({ query: async <R>(sql: string, params: unknown[] = []) => adapt(await tx.query<R>(sql, params)) }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('database closed');
    await this.db.query('select 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}
