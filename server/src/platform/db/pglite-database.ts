import { PGlite } from '@electric-sql/pglite';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Database, Queryable, QueryResult } from './database.ts';

function adapt<R>(res: { rows: R[]; affectedRows?: number }): QueryResult<R> {
  return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
}

/**
 * Postgres settings of the embedded database (issue 19, BENCHMARKS.md "Embedded footprint"). PGlite's
 * defaults are a server's: 128 MB of shared buffers inside the WASM memory, which never shrinks. The
 * embedded default holds one city's data (tens of MB) and the file system under it is the host's, with
 * its page cache, so 16 MB of buffers cost no reads that matter and save about 60 MB of resident memory
 * for as long as the process runs.
 */
const EMBEDDED_SETTINGS = [
  'shared_buffers=16MB',
  'work_mem=2MB',
  'maintenance_work_mem=16MB',
  'temp_buffers=2MB',
  'wal_buffers=1MB',
];

/**
 * A first start runs initdb in a WASM instance of its own (about 450 MB), which PGlite drops when it is
 * done. An idle server allocates too little for V8 to ever collect it, so the process would keep that
 * memory for its whole life; one full collection right after the start gives it back.
 */
function collectNow(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

/** The embedded default: real PostgreSQL compiled to WASM, in a data folder or in memory. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private closed = false;

  private constructor(readonly db: PGlite) {}

  /** `dataDir` is a folder, or `memory://` for a throw-away database. */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    const startParams = [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])];
    const db = await PGlite.create(dataDir, { startParams });
    collectNow();
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
