import { describe, expect, it } from 'vitest';
import { migrate } from '@planner/server';
import { PgDatabase } from '@planner/server/platform/db/pg-database';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from '@planner/server/modules/demo/seed';
import { freshPostgresDatabase } from '../../helpers/db.ts';
import { startServer } from '../../helpers/server.ts';

// Needs real PostgreSQL (a second, empty database): runs in .ci/run's second pass (vitest.config.ts
// leaves *.integration.test.ts out of the embedded pass).
describe('demo data on PostgreSQL', () => {
  it('seeds an empty database once, even when two instances start together, and prints the logins', async () => {
    const fresh = await freshPostgresDatabase();
    const db = new PgDatabase(fresh.url, 4);
    try {
      await migrate(db);
      const results = await Promise.all([seedDemoIfEmpty(db), seedDemoIfEmpty(db)]);
      expect(results.sort()).toEqual([false, true]);
      const { rows } = await db.query<{ email: string; staff: boolean }>('select email, staff from users order by email');
      expect(rows.map((r) => r.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
      expect(rows.filter((r) => r.staff)).toHaveLength(1);

      const server = await startServer({ db, env: { DATABASE_URL: fresh.url, DEMO_DATA: 'true' } });
      try {
        const banner = server.app.startupBanner!.join('\n');
        expect(banner).toContain(DEMO_PASSWORD);
        for (const a of DEMO_ACCOUNTS) expect(banner).toContain(a.email);
        const res = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: DEMO_ACCOUNTS[0].email, password: DEMO_PASSWORD }),
        });
        expect(res.status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});
