import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addScheduleEntry, setScheduleRecurrence, type Recurrence } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { approve, publish } from '../../helpers/decisions.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { entry, fetchCalendar, openDoc, serverPlan, waitFor } from '../review/helpers.ts';

/** "Mi–So 12–18 Uhr", 18.03.–05.04.2027 (clocks go forward on Sunday 28.03.), closed Fri 26.03., Sat 03.04. 10–20. */
const PATTERN: Recurrence = {
  from: '2027-03-18',
  until: '2027-04-05',
  weekly: [3, 4, 5, 6, 7].map((day) => ({ day, start: '12:00', end: '18:00' })),
  exceptions: [
    { date: '2027-03-26', closed: true },
    { date: '2027-04-03', start: '10:00', end: '20:00' },
  ],
};

/** The openings in UTC: 12–18 is 11–17 UTC before the change and 10–16 UTC after it. */
const EXPECTED: Array<[string, string]> = [
  ['2027-03-18T11:00:00.000Z', '2027-03-18T17:00:00.000Z'],
  ['2027-03-19T11:00:00.000Z', '2027-03-19T17:00:00.000Z'],
  ['2027-03-20T11:00:00.000Z', '2027-03-20T17:00:00.000Z'],
  ['2027-03-21T11:00:00.000Z', '2027-03-21T17:00:00.000Z'],
  ['2027-03-24T11:00:00.000Z', '2027-03-24T17:00:00.000Z'],
  ['2027-03-25T11:00:00.000Z', '2027-03-25T17:00:00.000Z'],
  ['2027-03-27T11:00:00.000Z', '2027-03-27T17:00:00.000Z'],
  ['2027-03-28T10:00:00.000Z', '2027-03-28T16:00:00.000Z'],
  ['2027-03-31T10:00:00.000Z', '2027-03-31T16:00:00.000Z'],
  ['2027-04-01T10:00:00.000Z', '2027-04-01T16:00:00.000Z'],
  ['2027-04-02T10:00:00.000Z', '2027-04-02T16:00:00.000Z'],
  ['2027-04-03T08:00:00.000Z', '2027-04-03T18:00:00.000Z'],
  ['2027-04-04T10:00:00.000Z', '2027-04-04T16:00:00.000Z'],
];

/** Issue 18: recurring opening hours in the iCalendar feeds and the public programme. */
describe('recurring opening hours in the feeds', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let planId: string;
  let docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title: 'Wochenmuster' });
    expect(created.status).toBe(201);
    planId = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs = [d];
    addScheduleEntry(
      d.doc,
      entry('hours', {
        kind: 'open-hours',
        title: 'Ausstellung geöffnet',
        start: '2027-03-18T00:00:00+01:00',
        end: '2027-04-06T00:00:00+02:00',
      }),
    );
    setScheduleRecurrence(d.doc, 'hours', PATTERN);
    await waitFor(
      async () => (await serverPlan(server, planId)).schedule.hours?.recurrence?.exceptions.length === 2 || undefined,
    );
    for (const name of ['submit', 'approve', 'publish'] as const) {
      const res =
        name === 'publish'
          ? await publish(api.staff, planId)
          : name === 'approve'
            ? await approve(api.staff, planId)
            : await api.designer1.post(`/api/plans/${planId}/transitions/${name}`);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  const occurrencesIn = (events: Map<string, any>) =>
    [...events.entries()]
      .filter(([uid]) => uid.startsWith(`${planId}-hours~`))
      .map(([, ev]) => [new Date(ev.start).toISOString(), new Date(ev.end).toISOString()] as [string, string])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));

  it('the plan feed has one event per opening, in Europe/Berlin across the DST change (node-ical)', async () => {
    const feed = await fetchCalendar(`${server.url}/api/plans/${planId}/calendar.ics`, api.designer1.token);
    expect(feed.status).toBe(200);
    expect(occurrencesIn(feed.events)).toEqual(EXPECTED);
    // The closed day is not there, nor is the entry as one block.
    expect(feed.events.has(`${planId}-hours~20270326@kreativquartiere-planner`)).toBe(false);
    expect(feed.events.has(`${planId}-hours@kreativquartiere-planner`)).toBe(false);
    // Wall-clock times with TZID Europe/Berlin and its VTIMEZONE.
    expect(feed.text).toContain('DTSTART;TZID=Europe/Berlin:20270328T120000');
    expect(feed.text).toContain('DTSTART;TZID=Europe/Berlin:20270403T100000');
    expect(feed.zones.length).toBe(1);
  });

  it('the public programme feed has the same openings', async () => {
    const feed = await fetchCalendar(`${server.url}/api/public/programme.ics`);
    expect(feed.status).toBe(200);
    expect(occurrencesIn(feed.events)).toEqual(EXPECTED);
    for (const [, ev] of [...feed.events].filter(([uid]) => uid.startsWith(`${planId}-hours~`)))
      expect(ev.status).toBe('CONFIRMED');
  });

  it('the public programme lists each open day with its hours, not one block', async () => {
    const res = await api.anonymous.get('/api/public/programme?from=2027-03-01&to=2027-04-30');
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { id: string }) => i.id === `${planId}:hours`);
    expect(item.recurring).toBe(true);
    expect(item.days.map((d: { start: string; end: string }) => [d.start, d.end])).toEqual(EXPECTED);
    expect(item.days.every((d: { part: string }) => d.part === 'whole')).toBe(true);
    // A window that holds only the closed day and a Monday shows nothing.
    const gap = await api.anonymous.get('/api/public/programme?from=2027-03-26&to=2027-03-26');
    expect(gap.body.items.some((i: { id: string }) => i.id === `${planId}:hours`)).toBe(false);
  });

  it('closing one more day makes the approval stale; after approval the feed shows that day cancelled', async () => {
    setScheduleRecurrence(docs[0].doc, 'hours', {
      ...PATTERN,
      exceptions: [...PATTERN.exceptions, { date: '2027-04-01', closed: true }],
    });
    await waitFor(
      async () => (await serverPlan(server, planId)).schedule.hours?.recurrence?.exceptions.length === 3 || undefined,
    );
    const private1 = await fetchCalendar(`${server.url}/api/plans/${planId}/calendar.ics`, api.designer1.token);
    const uid = `${planId}-hours~20270401@kreativquartiere-planner`;
    // The plan feed follows the live document: the day is gone, so it comes back CANCELLED once.
    expect(private1.events.get(uid)?.status).toBe('CANCELLED');
    // The other openings are no longer CONFIRMED: the approval no longer matches the schedule.
    expect(private1.events.get(`${planId}-hours~20270402@kreativquartiere-planner`)?.status).toBe('TENTATIVE');
  });
});
