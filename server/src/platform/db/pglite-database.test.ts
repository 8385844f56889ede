import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EMBEDDED_SETTINGS, PgliteDatabase } from './pglite-database.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pglite-db-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('PgliteDatabase (issue 19, embedded footprint)', () => {
  it('runs with the small embedded settings', async () => {
    const db = await PgliteDatabase.open('memory://');
    try {
      const { rows } = await db.query<{ name: string; setting: string; unit: string | null }>(
        `select name, setting, unit from pg_settings where name in ('shared_buffers', 'max_connections', 'wal_buffers')`,
      );
      const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
      expect(Number(byName.shared_buffers.setting) * 8).toBe(4 * 1024); // 8 kB pages
      expect(byName.max_connections.setting).toBe('10');
      expect(EMBEDDED_SETTINGS).toContain('shared_buffers=4MB');
      const shm = await db.query<{ s: string }>(`select current_setting('shared_memory_size') as s`);
      expect(Number.parseInt(shm.rows[0].s, 10)).toBeLessThanOrEqual(10);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('replaces the first instance of a fresh data folder once quiet, keeping the data; a reopen keeps its instance', async () => {
    const dir = tempDir();
    const db = await PgliteDatabase.open(dir, { firstStartQuietMs: 200 });
    try {
      await db.exec('create table t (id int primary key, v text)');
      await db.query('insert into t values ($1, $2)', [1, 'eins']);
      await vi.waitFor(() => expect(db.recycles).toBe(1), { timeout: 60_000, interval: 100 });
      expect((await db.query<{ v: string }>('select v from t where id = 1')).rows).toEqual([{ v: 'eins' }]);
    } finally {
      await db.close();
    }
    const again = await PgliteDatabase.open(dir, { firstStartQuietMs: 50 });
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(again.recycles).toBe(0);
      expect((await again.query('select v from t')).rows).toEqual([{ v: 'eins' }]);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('lets calls made during a recycle wait and run on the new instance', async () => {
    const dir = tempDir();
    const db = await PgliteDatabase.open(dir, { firstStartQuietMs: 3_600_000 });
    try {
      await db.exec('create table c (n int)');
      const running = db.transaction(async (tx) => {
        await tx.query('insert into c values (0)');
        await new Promise((r) => setTimeout(r, 100));
        await tx.query('insert into c values (1)');
      });
      const recycled = db.recycle();
      const during = Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? db.query('insert into c values ($1)', [i + 2])
          : db.transaction((tx) => tx.query('insert into c values ($1)', [i + 2])),
      );
      await Promise.all([running, recycled, ...during]);
      expect(db.recycles).toBe(1);
      expect((await db.query<{ n: number }>('select count(*)::int as n from c')).rows[0].n).toBe(12);
    } finally {
      await db.close();
    }
  }, 120_000);
});
