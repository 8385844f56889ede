import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addScheduleEntry, updateScheduleEntry } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { entry, fetchCalendar, openDoc, serverPlan, waitFor } from './helpers.ts';
import { approve } from '../../helpers/decisions.ts';

const ADDRESS = 'Rheinische Straße 12, 44137 Dortmund';

describe('iCalendar feeds', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let designerDoc: Awaited<ReturnType<typeof openDoc>>;
  let planId: string;
  const uid = (entryId: string) => `${planId}-${entryId}@kreativquartiere-planner`;
  const planFeed = () => fetchCalendar(`${server.url}/api/plans/${planId}/calendar.ics`, api.designer1.token);

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    planId = demo.planId;
    designerDoc = await openDoc(server, planId, api.designer1.token!);
    addScheduleEntry(designerDoc.doc, entry('e1', { title: 'Vernissage' }));
    // Summer time: 14:00 CEST is 12:00 UTC.
    addScheduleEntry(
      designerDoc.doc,
      entry('e2', { kind: 'workshop', title: 'Siebdruck', start: '2027-06-12T14:00:00+02:00', end: '2027-06-12T17:00:00+02:00' }),
    );
    await waitFor(
      async () => Object.keys((await serverPlan(server, planId)).schedule).length === 2 || undefined,
      5000,
      'schedule',
    );
  });
  afterAll(async () => {
    designerDoc?.close();
  });

  it('per plan: Europe/Berlin with VTIMEZONE, the storefront as location, TENTATIVE → CONFIRMED → TENTATIVE (stale) → CANCELLED with rising SEQUENCE', async () => {
    const draft = await planFeed();
    expect(draft.status).toBe(200);
    expect(draft.type).toMatch(/^text\/calendar/);
    expect(draft.zones.map((z) => z.tzid)).toEqual(['Europe/Berlin']);
    expect(draft.text).toContain('DTSTART;TZID=Europe/Berlin:20270305T180000');
    expect(draft.text).toContain('DTSTART;TZID=Europe/Berlin:20270612T140000');
    const e1 = draft.events.get(uid('e1'));
    const e2 = draft.events.get(uid('e2'));
    expect(new Date(e1.start).toISOString()).toBe('2027-03-05T17:00:00.000Z');
    expect(new Date(e2.start).toISOString()).toBe('2027-06-12T12:00:00.000Z');
    expect(e1.start.tz).toBe('Europe/Berlin');
    expect(e1).toMatchObject({ status: 'TENTATIVE', location: ADDRESS, summary: 'Vernissage – Klangraum Unionviertel' });
    expect(Number(e1.sequence)).toBe(0);

    // Unchanged: same sequence.
    expect(Number((await planFeed()).events.get(uid('e1')).sequence)).toBe(0);

    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    const approved = await planFeed();
    expect(approved.events.get(uid('e1'))).toMatchObject({ status: 'CONFIRMED' });
    expect(Number(approved.events.get(uid('e1')).sequence)).toBe(1);

    // A schedule edit after approval: unapproved again.
    updateScheduleEntry(designerDoc.doc, 'e1', { title: 'Vernissage mit Konzert' });
    await waitFor(
      async () => (await serverPlan(server, planId)).schedule.e1.title === 'Vernissage mit Konzert' || undefined,
      5000,
      'edit',
    );
    const stale = await planFeed();
    expect(stale.events.get(uid('e1'))).toMatchObject({
      status: 'TENTATIVE',
      summary: 'Vernissage mit Konzert – Klangraum Unionviertel',
    });
    expect(Number(stale.events.get(uid('e1')).sequence)).toBe(2);

    expect((await api.designer1.post(`/api/plans/${planId}/transitions/withdraw`)).status).toBe(200);
    const withdrawn = await planFeed();
    expect(withdrawn.events.get(uid('e1')).status).toBe('CANCELLED');
    expect(withdrawn.events.get(uid('e2')).status).toBe('CANCELLED');
    expect(Number(withdrawn.events.get(uid('e1')).sequence)).toBe(3);

    expect((await fetchCalendar(`${server.url}/api/plans/${planId}/calendar.ics`, api.designer3.token)).status).toBe(403);
    expect((await fetchCalendar(`${server.url}/api/plans/${planId}/calendar.ics`)).status).toBe(401);
  });

  it('per storefront: everything planned for its owner, only the published programme for others', async () => {
    const sf = demo.storefrontIds[0];
    const forOwner = await fetchCalendar(`${server.url}/api/storefronts/${sf}/calendar.ics`, api.owner1.token);
    expect(forOwner.status).toBe(200);
    expect([...forOwner.events.keys()].sort()).toEqual([uid('e1'), uid('e2')].sort());
    const forPublic = await fetchCalendar(`${server.url}/api/storefronts/${sf}/calendar.ics`);
    expect(forPublic.status).toBe(200);
    expect(forPublic.events.size).toBe(0);
  });

  it('per person: a secret URL that works without sign-in until revoked or replaced (then 404)', async () => {
    expect((await api.designer2.get('/api/feeds/personal')).body).toMatchObject({ active: false });
    const created = await api.designer2.post('/api/feeds/personal');
    expect(created.status).toBe(201);
    const url: string = created.body.url;
    expect(url).toMatch(/\/api\/feeds\/personal\/[A-Za-z0-9_-]{40,}\.ics$/);
    const path = new URL(url).pathname;

    const feed = await fetchCalendar(server.url + path);
    expect(feed.status).toBe(200);
    expect(feed.events.get(uid('e1'))).toMatchObject({ location: ADDRESS });
    expect((await api.designer2.get('/api/feeds/personal')).body).toMatchObject({ active: true, url: null });

    const replaced = await api.designer2.post('/api/feeds/personal');
    expect((await fetchCalendar(server.url + path)).status).toBe(404);
    const path2 = new URL(replaced.body.url).pathname;
    expect((await fetchCalendar(server.url + path2)).status).toBe(200);

    expect((await api.designer2.delete('/api/feeds/personal')).status).toBe(204);
    expect((await fetchCalendar(server.url + path2)).status).toBe(404);
    expect((await api.designer2.get('/api/feeds/personal')).body).toMatchObject({ active: false });
    expect((await fetchCalendar(`${server.url}/api/feeds/personal/not-a-secret-at-all-0123456789.ics`)).status).toBe(404);
  });
});
