import { describe, expect, it } from 'vitest';
import { buildApp, loadConfig, loadMigrations } from '@planner/server';
import { freshPostgresDatabase } from '../../helpers/db.ts';

// Needs real PostgreSQL: runs in .ci/run's second pass (vitest.config.ts leaves *.integration.test.ts
// out of the embedded pass). The embedded counterpart of the race is in migrations.test.ts.
describe('migrations on PostgreSQL', () => {
  it('two instances starting together on an empty PostgreSQL both come up; migrations ran once', async () => {
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
