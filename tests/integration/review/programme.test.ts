import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addScheduleEntry, addTask, setConcept, setMeta, updateScheduleEntry } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { entry, fetchCalendar, openDoc, serverPlan, waitFor } from './helpers.ts';
import { approve, publish } from '../../helpers/decisions.ts';

const ENTRY_KEYS = ['days', 'description', 'end', 'id', 'kind', 'planId', 'planTitle', 'quarter', 'start', 'storefront', 'title'];
const STOREFRONT_KEYS = ['address', 'id', 'lat', 'lng', 'title'];
const QUARTER_KEYS = ['id', 'name', 'slug'];

describe('public programme', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let planId: string;
  let draftPlanId: string;
  let docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    planId = demo.planId;
    const d = await openDoc(server, planId, api.designer1.token!);
    setMeta(d.doc, { title: 'Klangraum', publicDescription: 'Klanginstallationen im Leerstand.' });
    setConcept(d.doc, 'INTERNE NOTIZ: Schlüssel bei Herrn Oster abholen');
    addScheduleEntry(d.doc, entry('open', { kind: 'opening', title: 'Eröffnung', public: true }));
    addScheduleEntry(
      d.doc,
      entry('setup', {
        kind: 'setup',
        title: 'Aufbau intern',
        public: false,
        start: '2027-03-04T09:00:00+01:00',
        end: '2027-03-04T17:00:00+01:00',
      }),
    );
    addTask(d.doc, { title: 'GEHEIME AUFGABE Schlüsselübergabe', assignee: demo.users.designer1.id });
    // A second plan, never published, with a public entry.
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title: 'Unveröffentlicht' });
    draftPlanId = created.body.id;
    const d2 = await openDoc(server, draftPlanId, api.designer1.token!);
    addScheduleEntry(d2.doc, entry('x', { title: 'Noch nicht öffentlich', public: true }));
    docs = [d, d2];
    await waitFor(
      async () =>
        (Object.keys((await serverPlan(server, planId)).tasks).length === 1 &&
          Object.keys((await serverPlan(server, draftPlanId)).schedule).length === 1) ||
        undefined,
    );
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    expect((await publish(api.staff, planId)).status).toBe(200);
  });
  afterAll(async () => {
    for (const d of docs) d.close();
  });

  it('has only the public fields of published plans’ public entries, no sign-in needed', async () => {
    const res = await api.anonymous.get('/api/public/programme');
    expect(res.status).toBe(200);
    const mine = res.body.items.filter((i: { planId: string }) => i.planId === planId || i.planId === draftPlanId);
    expect(mine).toHaveLength(1);
    const item = mine[0];
    expect(Object.keys(item).sort()).toEqual(ENTRY_KEYS);
    expect(Object.keys(item.storefront).sort()).toEqual(STOREFRONT_KEYS);
    expect(Object.keys(item.quarter).sort()).toEqual(QUARTER_KEYS);
    expect(item).toMatchObject({
      id: `${planId}:open`,
      planTitle: 'Klangraum',
      description: 'Klanginstallationen im Leerstand.',
      kind: 'opening',
      title: 'Eröffnung',
      start: '2027-03-05T17:00:00.000Z',
      storefront: { id: demo.storefrontIds[0], address: 'Rheinische Straße 12, 44137 Dortmund' },
      quarter: { id: demo.quarterId, slug: 'unionviertel' },
    });
    // Nothing private anywhere in the answer.
    const text = JSON.stringify(res.body);
    for (const secret of [
      demo.users.owner1.email,
      demo.users.owner1.name,
      'INTERNE NOTIZ',
      'GEHEIME AUFGABE',
      'Aufbau intern',
      'Noch nicht öffentlich',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('filters by quarter and dates', async () => {
    const ids = async (q: string) =>
      (await api.anonymous.get(`/api/public/programme?${q}`)).body.items
        .filter((i: { planId: string }) => i.planId === planId)
        .map((i: { id: string }) => i.id);
    expect(await ids('quarter=unionviertel')).toEqual([`${planId}:open`]);
    expect(await ids(`quarter=${demo.quarterId}`)).toEqual([`${planId}:open`]);
    expect(await ids('quarter=nordstadt')).toEqual([]);
    expect(await ids('from=2027-03-05&to=2027-03-05')).toEqual([`${planId}:open`]);
    expect(await ids('from=2027-03-06')).toEqual([]);
    expect(await ids('to=2027-03-04')).toEqual([]);
    expect((await api.anonymous.get('/api/public/programme?from=5.3.2027')).status).toBe(400);
  });

  it('shows the approved schedule while an edit waits for re-approval, and as a public feed', async () => {
    updateScheduleEntry(docs[0].doc, 'open', { title: 'Eröffnung (verschoben?)' });
    await waitFor(async () => (await serverPlan(server, planId)).schedule.open.title !== 'Eröffnung' || undefined);
    const items = (await api.anonymous.get('/api/public/programme')).body.items.filter(
      (i: { planId: string }) => i.planId === planId,
    );
    expect(items.map((i: { title: string }) => i.title)).toEqual(['Eröffnung']);

    const feed = await fetchCalendar(`${server.url}/api/public/programme.ics?quarter=unionviertel`);
    expect(feed.status).toBe(200);
    expect(feed.zones.map((z) => z.tzid)).toEqual(['Europe/Berlin']);
    const ev = feed.events.get(`${planId}-open@kreativquartiere-planner`);
    expect(ev).toMatchObject({
      status: 'CONFIRMED',
      location: 'Rheinische Straße 12, 44137 Dortmund',
      summary: 'Eröffnung – Klangraum',
      description: 'Klanginstallationen im Leerstand.',
    });
    expect(Number(ev.sequence)).toBe(0);
    expect(feed.events.has(`${planId}-setup@kreativquartiere-planner`)).toBe(false);
    expect(feed.events.has(`${draftPlanId}-x@kreativquartiere-planner`)).toBe(false);
  });
});
