import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { Api, DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { connectRecorder, waitFor } from './helpers.ts';
import { approve } from '../../helpers/decisions.ts';

/** Who hears of what in the lifecycle: staff of submissions, the owner of plans for their storefront, designers of decisions. */
describe('lifecycle notifications', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });

  const kindsOf = async (who: Api, planId: string) =>
    ((await who.get('/api/notifications')).body.items as { kind: string; planId: string }[])
      .filter((n) => n.planId === planId)
      .map((n) => n.kind);

  it('submitted → staff and the storefront owner; changes requested and approved → the designers', async () => {
    const planId = demo.planId;
    const staff = await connectRecorder(server, api.staff.token!);
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    const live = await staff.first('notification:new', (n) => n.notification.planId === planId);
    expect(live.notification).toMatchObject({ kind: 'plan-submitted', actor: { id: demo.users.designer1.id } });
    expect(live.notification.key).toBe('notification.planSubmitted');
    await waitFor(async () => (await kindsOf(api.owner1, planId)).includes('storefront-plan') || undefined);
    expect(await kindsOf(api.owner2, planId)).toEqual([]);

    expect(
      (await api.staff.post(`/api/plans/${planId}/transitions/request-changes`, { note: 'Bitte Abbau früher' })).status,
    ).toBe(200);
    const state = (await api.designer1.get(`/api/plans/${planId}/approval`)).body;
    expect(state.latest).toMatchObject({ decision: 'changes-requested', note: 'Bitte Abbau früher' });
    expect(state.current).toBeNull();
    expect(state.stale).toBe(false);

    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    for (const d of [api.designer1, api.designer2]) {
      const kinds = await waitFor(async () => {
        const k = await kindsOf(d, planId);
        return k.includes('plan-approved') && k;
      });
      expect(kinds).toContain('changes-requested');
    }
    expect(await kindsOf(api.designer3, planId)).toEqual([]);
    expect((await api.anonymous.get('/api/notifications')).status).toBe(401);

    const versions = (await api.designer1.get(`/api/plans/${planId}/versions`)).body.items.map(
      (v: { reason: string }) => v.reason,
    );
    expect(versions).toEqual(['submit', 'approval', 'submit', 'approval']);
    staff.close();
  });
});
