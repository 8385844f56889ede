import { describe, expect } from 'vitest';
import { seedDemoCall } from '@planner/server/modules/demo/calls';
import { test, type World } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';

/** The demo call (issue 16): published for both demo storefronts, with criteria, two viewings, a staff juror; both offered. */
describe('demo data of open calls', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  test('publishes one call for the two demo storefronts and offers both with some groups public', async () => {
    const { demo, api } = world;
    const id = await seedDemoCall(server.app.calls, { staffId: demo.users.staff.id, storefrontIds: demo.storefrontIds });
    const call = await api.staff.get(`/api/calls/${id}`);
    expect(call.body).toMatchObject({ status: 'published', open: true });
    expect(call.body.storefronts.map((s: { id: string }) => s.id)).toEqual(demo.storefrontIds);
    expect(call.body.criteria).toHaveLength(3);
    expect(call.body.viewings).toHaveLength(2);
    expect(call.body.jurors.map((j: { userId: string }) => j.userId)).toEqual([demo.users.staff.id]);
    const pub = await api.anonymous.get(`/api/public/calls/${call.body.slug}`);
    expect(pub.status).toBe(200);
    for (const sf of demo.storefrontIds) {
      const e = await api.anonymous.get(`/api/public/exposes/${sf}`);
      expect(e.status).toBe(200);
      expect(e.body.groups.length).toBeGreaterThan(0);
    }
    const second = await api.anonymous.get(`/api/public/exposes/${demo.storefrontIds[1]}`);
    expect(second.body.groups).toEqual(['floor_plan', 'dimensions', 'access']);
    expect(second.body).not.toHaveProperty('conditions');
  });
});
