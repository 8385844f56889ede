import { PGlite } from '@electric-sql/pglite';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Database, Queryable, QueryResult } from './database.ts';

function adapt<R>(res: { rows: R[]; affectedRows?: number }): QueryResult<R> {
  return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
}

/**
 * Postgres settings of the embedded database (issue 19, BENCHMARKS.md "Embedded footprint" and
 * "Embedded footprint: PGlite settings"). PGlite's defaults are a server's: 128 MB of shared buffers
 * and shared memory sized for 100 connections, all inside the WASM memory, which never shrinks. The
 * embedded default is one single-user backend holding one city's data (tens of MB) on the host's file
 * system, whose page cache serves the reads that miss the buffers: its shared memory shrinks from 145 MB
 * (defaults) to 8 MB.
 * - `max_connections` sizes the per-backend arrays and, with `max_locks_per_transaction`, the lock table.
 *   PGlite is one backend; 10 × 64 = 640 lockable objects for its one transaction at a time are more than
 *   the largest migration takes.
 * - No WAL senders or replication slots: a single-user backend has no replication.
 */
export const EMBEDDED_SETTINGS = [
  'shared_buffers=4MB',
  'wal_buffers=256kB',
  'work_mem=2MB',
  'maintenance_work_mem=16MB',
  'temp_buffers=2MB',
  'max_connections=10',
  'max_wal_senders=0',
  'max_replication_slots=0',
];

/** How long the database must be without a query before the first start's instance is replaced. */
export const FIRST_START_QUIET_MS = 3_000;

/**
 * A first start runs initdb in WASM instances of its own (about 450 MB), which PGlite drops when it is
 * done. An idle server allocates too little for V8 to ever collect them, so the process would keep that
 * memory for its whole life; one full collection right after the start gives it back.
 */
function collectNow(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

/**
 * Creates a fresh data folder (initdb) in a short-lived `node` process. In this process initdb's two
 * extra WASM instances (about 450 MB) and their compilation would leave some 60 MB of fragmented malloc
 * heap behind for the life of the server (BENCHMARKS.md "Embedded footprint: PGlite settings"); a process
 * of its own returns everything when it exits. The cost: one more Node start, about a second.
 */
async function initInChildProcess(dataDir: string): Promise<void> {
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = await import(${JSON.stringify(pglite)});
const db = await PGlite.create(process.env.PGLITE_INIT_DIR, { startParams: JSON.parse(process.env.PGLITE_INIT_PARAMS) });
await db.close();`;
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { env: { ...process.env, PGLITE_INIT_DIR: dataDir, PGLITE_INIT_PARAMS: JSON.stringify(startParams()) }, timeout: 600_000 },
      (err, _stdout, stderr) => (err ? reject(new Error(`initdb of ${dataDir} failed: ${stderr || err.message}`)) : resolve()),
    );
  });
}

function startParams(): string[] {
  return [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])];
}

function create(dataDir: string): Promise<PGlite> {
  return PGlite.create(dataDir, { startParams: startParams() });
}

/**
 * The embedded default: real PostgreSQL compiled to WASM, in a data folder or in memory.
 *
 * A WASM memory grows and never shrinks; only a new instance starts small again. The very first start
 * of a data folder (initdb, every migration, the demo city) grows the instance's linear memory by about
 * 100 MB that an idle server never uses again, so on a fresh folder the instance is closed and opened
 * anew once the database has been quiet for {@link FIRST_START_QUIET_MS} ({@link recycle}). Every call
 * waits while the instance is replaced; the product keeps no session state in the database between
 * calls (no `SET`, no session locks, no prepared statements, no `LISTEN`), so nothing is lost.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private closed = false;
  /** Calls running on the current instance. */
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  /** Set while the instance is being replaced; calls wait for it. */
  private swapping: Promise<void> | undefined;
  private lastUse = performance.now();
  private quietTimer: NodeJS.Timeout | undefined;
  /** How often the instance was replaced (for tests and the footprint bench's log). */
  recycles = 0;

  private constructor(
    private pg: PGlite,
    private readonly dataDir: string,
  ) {}

  /**
   * `dataDir` is a folder, or `memory://` for a throw-away database. `firstStartQuietMs` (tests): how
   * long a fresh folder's database must be quiet before its first instance is replaced.
   */
  static async open(dataDir: string, opts: { firstStartQuietMs?: number } = {}): Promise<PgliteDatabase> {
    const fresh = !dataDir.startsWith('memory://') && !existsSync(path.join(dataDir, 'PG_VERSION'));
    if (fresh && process.env.PGLITE_INIT_IN_PROCESS !== '1') await initInChildProcess(dataDir);
    const db = new PgliteDatabase(await create(dataDir), dataDir);
    collectNow();
    if (fresh) db.recycleWhenQuiet(opts.firstStartQuietMs ?? FIRST_START_QUIET_MS);
    return db;
  }

  /** The WASM linear memory of the current instance, in bytes (it only grows). */
  get memoryBytes(): number {
    return (this.pg as unknown as { Module?: { HEAPU8?: Uint8Array } }).Module?.HEAPU8?.length ?? 0;
  }

  /** Replaces the instance once no call has run for `quietMs` (checked every `quietMs / 3`). */
  recycleWhenQuiet(quietMs: number): void {
    clearInterval(this.quietTimer);
    this.quietTimer = setInterval(
      () => {
        if (this.closed || this.swapping !== undefined || this.active > 0 || performance.now() - this.lastUse < quietMs) return;
        clearInterval(this.quietTimer);
        this.quietTimer = undefined;
        void this.recycle().catch(() => {
          // A failed reopen leaves `pg` closed; the next call then fails and the health check reports it.
        });
      },
      Math.max(50, Math.round(quietMs / 3)),
    );
    this.quietTimer.unref();
  }

  /**
   * Closes the instance and opens the same data folder in a new one (the compiled WASM module is
   * PGlite's cache and is reused); calls that arrive meanwhile wait and then run on the new instance.
   */
  async recycle(): Promise<void> {
    if (this.dataDir.startsWith('memory://')) throw new Error('an in-memory database cannot be reopened');
    while (this.swapping !== undefined) await this.swapping;
    if (this.closed) return;
    this.swapping = (async () => {
      if (this.active > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      await this.pg.close();
      this.pg = await create(this.dataDir);
      this.recycles++;
      collectNow();
    })();
    try {
      await this.swapping;
    } finally {
      this.swapping = undefined;
    }
  }

  private async use<T>(fn: (pg: PGlite) => Promise<T>): Promise<T> {
    while (this.swapping !== undefined) await this.swapping;
    this.active++;
    try {
      return await fn(this.pg);
    } finally {
      this.active--;
      this.lastUse = performance.now();
      if (this.active === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
    return this.use(async (pg) => adapt(await pg.query<R>(sql, params)));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.use((pg) =>
      pg.transaction(async (tx) =>
        fn({ query: async <R>(sql: string, params: unknown[] = []) => adapt(await tx.query<R>(sql, params)) }),
      ),
    );
  }

  exec(sql: string): Promise<void> {
    return this.use(async (pg) => {
      await pg.exec(sql);
    });
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('database closed');
    await this.query('select 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.quietTimer);
    while (this.swapping !== undefined) await this.swapping.catch(() => undefined);
    await this.pg.close();
  }
}
