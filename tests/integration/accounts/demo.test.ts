import { describe, expect, it } from 'vitest';
import { loadConfig, migrate } from '@planner/server';
import { PgDatabase } from '@planner/server/platform/db/pg-database';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from '@planner/server/modules/demo/seed';
import { DATABASE_URL } from '../../helpers/backends.ts';
import { freshPostgresDatabase } from '../../helpers/db.ts';
import { startServer } from '../../helpers/server.ts';
import { createWorld, api } from './fixtures.ts';

describe('demo data', () => {
  it('is never created in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' });
    expect(config.demoData).toBe(false);
  });

  it('gives each matrix role its relation to the demo plan', async () => {
    const server = await startServer();
    try {
      const world = await createWorld(server);
      const members = await api(server, world, 'staff', 'GET', `/api/plans/${world.planId}/members`);
      const roles = Object.fromEntries(members.body.members.map((m: any) => [m.userId, m.role]));
      expect(roles).toEqual({ [world.demo.users.designer1.id]: 'designer', [world.demo.users.designer2.id]: 'designer', [world.demo.users.owner1.id]: 'owner' });
      expect(world.demo.users.staff.staff).toBe(true);
      expect(Object.keys(world.demo.users)).toHaveLength(6);
    } finally {
      await server.close();
    }
  });

  it.runIf(DATABASE_URL)('seeds an empty database once, even when two instances start together, and prints the logins', async () => {
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
