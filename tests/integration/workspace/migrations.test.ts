import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from '@planner/server';
import { PgDatabase } from '@planner/server/platform/db/pg-database';
import { DATABASE_URL } from '../../helpers/backends.ts';
import { freshPgliteSchema, freshPostgresDatabase, sharedDatabase } from '../../helpers/db.ts';

const runner = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../helpers/migrate-process.ts');

/** One migration runner as its own process against `url`; resolves with the versions it applied. */
async function migrateInProcess(url: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', runner], {
      env: { PATH: process.env.PATH, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const m = /MIGRATED (\[.*\])/.exec(out);
      if (code === 0 && m) resolve(JSON.parse(m[1]) as number[]);
      else reject(new Error(`migration runner exited with ${code}:\n${out}`));
    });
  });
}

describe('migrations', () => {
  it('concurrent runs on one database apply nothing twice', async () => {
    const db = await sharedDatabase();
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat()).toEqual([]); // the shared database is already migrated
    const all = await loadMigrations();
    const { rows } = await db.query<{ version: number; n: number }>(
      'select version, count(*)::int as n from schema_migrations group by version order by version',
    );
    expect(all.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  /**
   * The race that matters: two runners start together on an EMPTY database. On PostgreSQL: a freshly
   * created database and two runner processes (each its own connection, as two instances would be);
   * the advisory lock must make one wait and then find nothing left. On the embedded pass: PGlite is
   * one database in one process, so the two runners race in this process on a fresh, empty schema of
   * the shared PGlite (its single connection serialises their transactions; this still checks that
   * the second runner sees the first one's work and applies nothing twice).
   */
  it('two runners racing on an empty database apply every migration exactly once, and both finish', async () => {
    const all = (await loadMigrations()).map((m) => m.version);
    expect(all.length).toBeGreaterThan(0);
    let results: number[][];
    let count: () => Promise<{ version: number; n: number }[]>;
    let drop: () => Promise<void>;
    if (DATABASE_URL) {
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      const check = new PgDatabase(fresh.url, 1);
      const before = await check.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
      );
      expect(before.rows[0].n).toBe(0); // really empty
      results = await Promise.all([migrateInProcess(fresh.url), migrateInProcess(fresh.url)]);
      count = async () => {
        const { rows } = await check.query<{ version: number; n: number }>(
          'select version, count(*)::int as n from schema_migrations group by version order by version',
        );
        await check.close();
        return rows;
      };
    } else {
      const fresh = await freshPgliteSchema();
      drop = fresh.drop;
      const before = await fresh.db.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema = $1`,
        [fresh.schema],
      );
      expect(before.rows[0].n).toBe(0); // really empty
      results = await Promise.all([migrate(fresh.db), migrate(fresh.db)]);
      count = async () =>
        (
          await fresh.db.query<{ version: number; n: number }>(
            'select version, count(*)::int as n from schema_migrations group by version order by version',
          )
        ).rows;
    }
    try {
      // Both finished (Promise.all resolved with two lists); between them every migration ran once.
      expect(results).toHaveLength(2);
      expect(results.flat().sort((a, b) => a - b)).toEqual(all);
      const rows = await count();
      expect(rows.map((r) => r.version)).toEqual(all);
      for (const r of rows) expect(r.n, `migration ${r.version}`).toBe(1);
    } finally {
      await drop();
    }
  });
});
