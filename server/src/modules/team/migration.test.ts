import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../platform/db/migrate.ts';
import { PgliteDatabase } from '../../platform/db/pglite-database.ts';

describe('migration 012 (plan teams)', () => {
  it('backfills the lead: the creator when a designer member, else the first designer member', { timeout: 120_000 }, async () => {
    const db = await PgliteDatabase.open('memory://');
    try {
      const all = await loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < 12),
      );
      for (const id of ['creator', 'first', 'second', 'staffer'])
        await db.query(`insert into users (id, email, name) values ($1, $2, $1)`, [id, `${id}@test.example`]);
      await db.query(`insert into storefronts (id, title) values ('s1', 'A')`);
      await db.query(
        `insert into plans (id, storefront_id, title, created_by) values ('p1', 's1', 'P', 'creator'), ('p2', 's1', 'Q', 'staffer'), ('p3', 's1', 'R', 'staffer')`,
      );
      await db.query(
        `insert into plan_members (plan_id, user_id, role, created_at) values
           ('p1', 'first', 'designer', now() - interval '1 day'), ('p1', 'creator', 'designer', now()),
           ('p2', 'staffer', 'staff', now() - interval '2 days'), ('p2', 'second', 'designer', now()), ('p2', 'first', 'designer', now() - interval '1 day'),
           ('p3', 'staffer', 'staff', now())`,
      );
      await migrate(db, all);
      const { rows } = await db.query<{ id: string; lead_id: string | null }>('select id, lead_id from plans order by id');
      expect(Object.fromEntries(rows.map((r) => [r.id, r.lead_id]))).toEqual({ p1: 'creator', p2: 'first', p3: null });
    } finally {
      await db.close();
    }
  });
});
