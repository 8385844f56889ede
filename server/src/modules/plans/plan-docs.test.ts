import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { sharedTestDatabase } from '../../platform/db/test-database.ts';
import { createUser } from '../accounts/users.ts';
import { createPlan } from './service.ts';
import { StorefrontCreate } from '@planner/shared';
import { StorefrontService } from '../storefronts/service.ts';
import { PlanDocs } from './plan-docs.ts';

const UNIONVIERTEL = '8d0c3f52-5d6a-4b0e-9b8e-0a1c00000001';

/**
 * Which live documents are plans: asked after every edit by the modules that react to edits (checks,
 * consent, "geändert"). A document that is not a plan (the sync layer serves any document its
 * authorizer allows) must not cost a query per edit.
 */
describe('PlanDocs', () => {
  let db: Database;
  let storefrontId: string;
  let designer: { userId: string; staff: boolean; name: string };
  let queries = 0;
  /** The real database, counting the statements that go through it. */
  let counted: Queryable;

  beforeAll(async () => {
    db = await sharedTestDatabase();
    counted = {
      query: ((sql: string, params?: unknown[]) => {
        queries++;
        return db.query(sql, params);
      }) as Queryable['query'],
    };
    const user = await createUser(db, { email: `plandocs-${randomUUID()}@test.example`, name: 'Planerin', roles: ['designer'] });
    designer = { userId: user.id, staff: false, name: user.name };
    const storefront = await new StorefrontService(db).create(
      StorefrontCreate.parse({
        quarterId: UNIONVIERTEL,
        title: `Planladen ${randomUUID().slice(0, 8)}`,
        address: 'Rheinische Straße 2',
        lat: 51.5,
        lng: 7.4,
        areaM2: 60,
        outline: [
          { x: 0, y: 0 },
          { x: 1000, y: 0 },
          { x: 1000, y: 600 },
          { x: 0, y: 600 },
        ],
        availability: [{ start: '2027-03-01T00:00:00+01:00', end: '2027-04-01T00:00:00+02:00' }],
      }),
    );
    storefrontId = storefront.id;
  });

  it('asks the database once per document, also when many edits ask at the same time', async () => {
    const docs = new PlanDocs(counted);
    const { id } = await createPlan(db, designer, { storefrontId, title: `Plan ${randomUUID().slice(0, 8)}` });
    queries = 0;
    const answers = await Promise.all([docs.isPlan(id), docs.isPlan(id), docs.isPlan('bench-doc-1'), docs.isPlan('bench-doc-1')]);
    expect(answers).toEqual([true, true, false, false]);
    expect(await docs.isPlan(id)).toBe(true);
    expect(await docs.isPlan('bench-doc-1')).toBe(false);
    expect(queries).toBe(2);
  });

  it('forgets a document when told (its next question reads the database again), and stays bounded', async () => {
    const docs = new PlanDocs(counted, 3);
    queries = 0;
    await docs.isPlan('a');
    docs.forget('a');
    await docs.isPlan('a');
    expect(queries).toBe(2);
    for (const id of ['b', 'c', 'd', 'e']) await docs.isPlan(id);
    expect(docs.size).toBeLessThanOrEqual(3);
  });

  it('does not keep a failed question: the next one asks again', async () => {
    let fail = true;
    const flaky: Queryable = {
      query: ((sql: string, params?: unknown[]) => {
        if (fail) return Promise.reject(new Error('database unavailable'));
        return db.query(sql, params);
      }) as Queryable['query'],
    };
    const docs = new PlanDocs(flaky);
    await expect(docs.isPlan('x')).rejects.toThrow('database unavailable');
    fail = false;
    expect(await docs.isPlan('x')).toBe(false);
  });
});
