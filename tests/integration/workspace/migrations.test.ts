import { describe, expect, it } from 'vitest';
import { buildApp, loadConfig, loadMigrations, migrate } from '@planner/server';
import { DATABASE_URL } from '../../helpers/backends.ts';
import { freshPostgresDatabase, sharedDatabase } from '../../helpers/db.ts';

describe('migrations', () => {
  it('concurrent runs on one database apply nothing twice', async () => {
    const db = await sharedDatabase();
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flat()).toEqual([]); // the shared database is already migrated
    const all = await loadMigrations();
    const { rows } = await db.query<{ version: number; n: number }>(
      'select version, count(*)::int as n from schema_migrations group by version order by version',
    );
    expect(rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it.runIf(DATABASE_URL)('two instances starting together on an empty PostgreSQL both come up; migrations ran once', async () => {
    const fresh = await freshPostgresDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: fresh.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    try {
      const apps = await Promise.all([buildApp({ config }), buildApp({ config })]);
      try {
        for (const app of apps) {
          const res = await app.inject({ url: '/api/health' });
          expect(res.json()).toMatchObject({ status: 'ok', db: 'postgres' });
        }
        const { rows } = await apps[0].db.query<{ n: number; d: number }>(
          'select count(*)::int as n, count(distinct version)::int as d from schema_migrations',
        );
        expect(rows[0].n).toBe((await loadMigrations()).length);
        expect(rows[0].d).toBe(rows[0].n);
      } finally {
        await Promise.all(apps.map((a) => a.close()));
      }
    } finally {
      await fresh.drop();
    }
  });
});
