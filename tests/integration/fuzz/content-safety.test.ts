import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { test } from '../../helpers/fixtures.ts';
import { addLayoutItem, addScheduleEntry, addTask, setConcept, setMeta } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { entry, fetchCalendar, serverPlan, waitFor } from '../review/helpers.ts';
import type { DocClient } from '../../helpers/yjs.ts';
import { approve, publish } from '../../helpers/decisions.ts';

const NUL = 'Ver\u0000nissage';
const LONE = 'Work\ud800shop';
const HUGE = 'x'.repeat(1024 * 1024);

/**
 * Finding 3: text a designer writes over /yjs is not checked by any REST schema. A NUL byte, a lone
 * surrogate or a 1 MB string in the document must not break anything that reads it: the three
 * iCalendar feeds, the checks, approve (with its copy of the schedule), versions and the public programme.
 */
describe('content safety after Yjs', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let planId: string;
  let designer: DocClient;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    planId = demo.planId;
  });
  afterAll(() => designer?.close());

  test('a designer writes NUL bytes, lone surrogates and 1 MB strings over /yjs', async ({ openDoc }) => {
    designer = await openDoc(planId, api.designer1.token!);
    const doc = designer.doc;
    // Straight into the maps, as any foreign client could (the mutators would refuse over-long titles).
    // One transaction per 1 MB value: a websocket message may carry at most 4 MiB.
    const set = (collection: string, id: string, key: string, value: unknown) =>
      (doc.getMap(collection).get(id) as Y.Map<unknown>).set(key, value);
    doc.transact(() => {
      setMeta(doc, { publicDescription: 'Öffentlich\u0000' });
      doc.getMap('meta').set('title', 'Klang\u0000raum\udc00');
      addScheduleEntry(doc, entry('nul', { title: 'x' }));
      addScheduleEntry(doc, entry('lone', { title: 'x', start: '2027-03-06T18:00:00+01:00', end: '2027-03-06T20:00:00+01:00' }));
      addScheduleEntry(doc, entry('huge', { title: 'x', start: '2027-03-07T18:00:00+01:00', end: '2027-03-07T20:00:00+01:00' }));
      set('schedule', 'nul', 'title', NUL);
      set('schedule', 'lone', 'title', LONE);
      addScheduleEntry(doc, entry('id\u0000nul', { title: 'Kaputte Kennung' }));
      addLayoutItem(doc, { id: 'l1', kind: 'plinth', x: 100, y: 100, w: 80, h: 80, label: 'Sockel' });
      set('layout', 'l1', 'label', 'So\u0000ckel\ud800');
      addTask(doc, { id: 't1', title: 'Aufgabe', scheduleEntryId: 'nul' });
      set('tasks', 't1', 'title', 'Auf\u0000gabe');
      set('tasks', 't1', 'assignee', 'a\u0000b');
    });
    doc.transact(() => setConcept(doc, `Konzept\u0000 ${HUGE}`));
    doc.transact(() => set('schedule', 'huge', 'title', HUGE));
    await waitFor(
      async () => (await serverPlan(server, planId)).schedule.huge?.title.length === 200 || undefined,
      10_000,
      'edits',
    );
  });

  it('the plan, storefront and personal iCalendar feeds answer 200 and parse', async () => {
    const plan = await fetchCalendar(`${server.url}/api/plans/${planId}/calendar.ics`, api.designer1.token);
    expect(plan.status).toBe(200);
    expect(plan.events.size).toBeGreaterThanOrEqual(3);
    expect(plan.text).not.toContain('\u0000');
    const sf = await fetchCalendar(`${server.url}/api/storefronts/${demo.storefrontIds[0]}/calendar.ics`, api.owner1.token);
    expect(sf.status).toBe(200);
    expect(sf.events.size).toBeGreaterThanOrEqual(3);
    const created = await api.designer1.post('/api/feeds/personal');
    expect(created.status).toBe(201);
    const personal = await fetchCalendar(server.url + new URL(created.body.url).pathname);
    expect(personal.status).toBe(200);
    expect(personal.events.size).toBeGreaterThanOrEqual(3);
  });

  it('the checks run on the new document (its snapshot is stored)', async () => {
    await waitFor(
      async () => {
        const r = await server.app.db.query<{ title: string | null }>(
          "select doc->'schedule'->'nul'->>'title' as title from plan_snapshots where plan_id = $1",
          [planId],
        );
        return r.rows[0]?.title === 'Vernissage' || undefined;
      },
      10_000,
      'checks snapshot',
    );
    const res = await api.designer1.get(`/api/plans/${planId}/checks`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('\\u0000');
  });

  it('a comment anchored at the entry stores its cleaned title as the anchor label', async () => {
    const res = await api.owner1.post(`/api/plans/${planId}/comments`, {
      body: 'Schön!',
      anchor: { kind: 'schedule', id: 'nul' },
    });
    expect(res.status).toBe(201);
    expect(res.body.anchorLabel).toBe('Vernissage');
    const task = await api.owner1.post(`/api/plans/${planId}/comments`, { body: 'Wer?', anchor: { kind: 'task', id: 't1' } });
    expect(task.status).toBe(201);
    expect(task.body.anchorLabel).toBe('Aufgabe');
  });

  it('submit and approve work, and approve records the approval row with a clean copy of the schedule', async () => {
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    const approved = await approve(api.staff, planId, 'Passt.');
    expect(approved.status).toBe(200);
    const state = (await api.staff.get(`/api/plans/${planId}/approval`)).body;
    expect(state.status).toBe('approved');
    expect(state.current).toMatchObject({ decision: 'approved', stale: false });
    const titles = state.current.schedule.map((e: { title: string }) => e.title);
    expect(titles).toContain('Vernissage');
    expect(titles).toContain('Work\ufffdshop');
    expect(JSON.stringify(state.current.schedule)).not.toMatch(/\\u0000|\\ud800/i);
    const rows = await server.app.db.query('select count(*)::int as n from approvals where plan_id = $1', [planId]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('the versions can be listed, read and compared', async () => {
    const list = await api.designer1.get(`/api/plans/${planId}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    const v = await api.designer1.get(`/api/plans/${planId}/versions/${list.body.items[0].number}`);
    expect(v.status).toBe(200);
    expect(v.body.plan.schedule.nul.title).toBe('Vernissage');
    const cmp = await api.designer1.get(`/api/plans/${planId}/versions/compare?from=1&to=current`);
    expect(cmp.status).toBe(200);
  });

  it('publish works and the public programme (JSON and iCalendar) answers 200', async () => {
    expect((await publish(api.staff, planId)).status).toBe(200);
    const programme = await api.anonymous.get('/api/public/programme');
    expect(programme.status).toBe(200);
    const mine = programme.body.items.filter((i: { planId: string }) => i.planId === planId);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const feed = await fetchCalendar(`${server.url}/api/public/programme.ics`);
    expect(feed.status).toBe(200);
    expect(feed.text).not.toContain('\u0000');
  });
});
