import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../platform/config.ts';
import { PgliteDatabase } from '../../platform/db/pglite-database.ts';
import { migrate } from '../../platform/db/migrate.ts';
import type { Database } from '../../platform/db/database.ts';
import { createDemoSet, type DemoSet } from '../demo/seed.ts';
import { scheduleHash } from '@planner/shared/plan/index';

/**
 * The approve transition is one transaction: when recording the approval fails, the answer is an
 * error and nothing of the transition is left (status, approval row, version, audit entry).
 */
describe('plan lifecycle: one transaction per transition', () => {
  let db: Database;
  let app: FastifyInstance;
  let demo: DemoSet;
  const tokens: Record<string, string> = {};

  const post = (who: string, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    db = await PgliteDatabase.open('memory://');
    await migrate(db);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    app = await buildApp({ config, db });
    await app.ready();
    demo = await createDemoSet(db, { emailSuffix: 'lifecycle' });
    for (const k of ['staff', 'designer1'] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/token',
        payload: { email: demo.users[k].email, password: demo.password },
      });
      tokens[k] = res.json().token;
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  /** Approve binds the schedule staff see (issue 13); open errors are acknowledged. */
  const approveBody = async (planId: string) => ({
    note: 'ok',
    scheduleHash: scheduleHash((await app.review.docs.live(planId)).json.schedule),
    acknowledgeErrors: 'Test',
  });
  const count = async (sql: string, planId: string) => (await db.query<{ n: number }>(sql, [planId])).rows[0].n;

  it('approve answers an error and changes nothing when the approval cannot be stored', async () => {
    const planId = demo.planId;
    // The database refuses the approval row (a trigger stands in for any failure inside the transaction,
    // e.g. text PostgreSQL cannot store: since the Yjs read boundary cleans such text, see
    // tests/integration/fuzz/content-safety.test.ts, a trigger is the honest way to make it fail).
    await db.query(`create or replace function refuse_approval() returns trigger language plpgsql as $$
      begin raise exception 'approval refused by the test'; end $$`);
    await db.query('create trigger refuse_approval before insert on approvals for each row execute function refuse_approval()');
    try {
      expect((await post('designer1', `/api/plans/${planId}/transitions/submit`, {})).statusCode).toBe(200);
      const versionsBefore = await count('select count(*)::int as n from plan_versions where plan_id = $1', planId);

      const res = await post('staff', `/api/plans/${planId}/transitions/approve`, await approveBody(planId));
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.json().error).toBeDefined();

      expect((await db.query<{ status: string }>('select status from plans where id = $1', [planId])).rows[0].status).toBe(
        'submitted',
      );
      expect(await count('select count(*)::int as n from approvals where plan_id = $1', planId)).toBe(0);
      expect(await count('select count(*)::int as n from plan_versions where plan_id = $1', planId)).toBe(versionsBefore);
      expect(await count(`select count(*)::int as n from activity where plan_id = $1 and action = 'plan.approve'`, planId)).toBe(
        0,
      );
    } finally {
      await db.query('drop trigger refuse_approval on approvals');
      await db.query('drop function refuse_approval()');
    }

    // Once the approval can be stored, the plan is approved, with its approval, and then published.
    const ok = await post('staff', `/api/plans/${planId}/transitions/approve`, await approveBody(planId));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    expect(await count(`select count(*)::int as n from approvals where plan_id = $1 and decision = 'approved'`, planId)).toBe(1);
    expect((await post('staff', `/api/plans/${planId}/transitions/publish`, { overrideConsent: 'Test' })).statusCode).toBe(200);
  });
});
