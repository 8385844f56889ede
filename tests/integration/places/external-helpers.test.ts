import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { submitApprovePublish } from '../../helpers/decisions.ts';
import type { TestServer } from '../../helpers/server.ts';
import { yjsUpgradeStatus } from '../../helpers/sockets.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openDoc, serverPlan } from '../review/helpers.ts';
import { newStorefront, planWith } from './kit.ts';

const HELPER = { name: 'Hausmeister Oster-Extern', phone: '0231 9876543', email: 'oster.extern@example.org' };
const TRACES = [HELPER.name, 'Oster-Extern', HELPER.phone, HELPER.email];

/**
 * Issue 14, "Tasks can only go to plan members": a task's responsible person may be an external helper
 * (name, phone or e-mail). Members see them; they never leave the members' view: not in the public
 * programme, its iCalendar, the storefront's public calendar, the quarter page, the occupancy, and not
 * to non-members through the API or the document socket.
 */
describe('external helpers stay with the plan’s members', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let planId: string;
  let storefrontId: string;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    storefrontId = await newStorefront(api.staff, demo.quarterId, demo.users.owner2.id, 'Laden mit Helfer');
    planId = await planWith(
      server,
      api.designer1,
      storefrontId,
      'Helferplan',
      [
        {
          kind: 'opening',
          title: 'Eröffnung mit Helfer',
          public: true,
          start: '2027-04-02T18:00:00+02:00',
          end: '2027-04-02T21:00:00+02:00',
        },
      ],
      [{ title: 'Schlüssel beim Hausmeister holen', helper: HELPER }],
    );
    await submitApprovePublish(api.designer1, api.staff, planId);
  });

  const clean = (what: string, text: string) => {
    for (const trace of TRACES) expect(text, `${what} shows ${trace}`).not.toContain(trace);
  };

  it('members see the helper in the plan document', async () => {
    const task = Object.values((await serverPlan(server, planId)).tasks)[0];
    expect(task.helper).toEqual(HELPER);
    const d = await openDoc(server, planId, api.designer1.token!);
    try {
      const { toJSON } = await import('@planner/shared/plan/index');
      expect(Object.values(toJSON(d.doc).plan.tasks)[0].helper).toEqual(HELPER);
    } finally {
      d.close();
    }
  });

  it('the public programme, its feeds and the quarter page never name them', async () => {
    const programme = await api.anonymous.get('/api/public/programme');
    expect(programme.body.items.some((i: { planId: string }) => i.planId === planId)).toBe(true);
    clean('programme', JSON.stringify(programme.body));
    const ics = await fetch(`${server.url}/api/public/programme.ics`);
    expect(ics.status).toBe(200);
    clean('programme.ics', await ics.text());
    for (const token of [null, api.designer3.token]) {
      const res = await fetch(`${server.url}/api/storefronts/${storefrontId}/calendar.ics`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(res.status).toBe(200);
      clean('storefront calendar', await res.text());
    }
    const quarter = await api.anonymous.get(`/api/quarters/${demo.quarterId}`);
    expect(quarter.status).toBe(200);
    clean('quarter page', JSON.stringify(quarter.body));
  });

  it('a non-member gets neither the plan nor its document', async () => {
    const plan = await api.designer3.get(`/api/plans/${planId}`);
    expect(plan.status).toBe(403);
    clean('plan', JSON.stringify(plan.body));
    const occupancy = await api.designer3.get(`/api/storefronts/${storefrontId}/occupancy`);
    expect(occupancy.status).toBe(200);
    clean('occupancy', JSON.stringify(occupancy.body));
    clean('storefront', JSON.stringify((await api.designer3.get(`/api/storefronts/${storefrontId}`)).body));
    for (const path of [
      `/api/plans/${planId}/versions`,
      `/api/plans/${planId}/checks`,
      `/api/plans/${planId}/calendar.ics`,
      `/api/plans/${planId}/approvals`,
    ]) {
      const res = await api.designer3.get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(403);
      clean(path, JSON.stringify(res.body));
    }
    expect(await yjsUpgradeStatus(server, planId, api.designer3.token!)).toBe(403);
    expect(await yjsUpgradeStatus(server, planId, api.owner1.token!)).toBe(403);
  });
});
