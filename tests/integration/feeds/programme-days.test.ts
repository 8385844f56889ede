import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addScheduleEntry } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { approve, publish } from '../../helpers/decisions.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { entry, fetchCalendar, openDoc, serverPlan, waitFor } from '../review/helpers.ts';

/**
 * Issue 13, defect 8: an entry running over several days is on every day it runs, each date filter
 * shows what overlaps it, and the iCalendar feed keeps it as one event and follows the quarter filter.
 */
describe('the public programme tells the truth about time', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let planId: string;
  let docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title: 'Lichtspiele' });
    expect(created.status).toBe(201);
    planId = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    addScheduleEntry(
      d.doc,
      entry('expo', {
        kind: 'open-hours',
        title: 'Ausstellung geöffnet',
        start: '2026-12-12T11:00:00+01:00',
        end: '2026-12-20T18:00:00+01:00',
      }),
    );
    addScheduleEntry(
      d.doc,
      entry('late', { title: 'Finissage', start: '2027-01-10T18:00:00+01:00', end: '2027-01-10T20:00:00+01:00' }),
    );
    docs = [d];
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 2 || undefined);
    for (const [who, name] of [
      ['designer1', 'submit'],
      ['staff', 'approve'],
      ['staff', 'publish'],
    ] as const) {
      const res =
        name === 'publish'
          ? await publish(api.staff, planId)
          : name === 'approve'
            ? await approve(api.staff, planId)
            : await api[who].post(`/api/plans/${planId}/transitions/${name}`);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  const mine = async (q: string) => {
    const res = await api.anonymous.get(`/api/public/programme?${q}`);
    expect(res.status).toBe(200);
    return res.body.items.filter((i: { id: string }) => i.id === `${planId}:expo`);
  };

  it('shows an entry from 12.12. 11:00 to 20.12. 18:00 on all 9 days, with each day’s hours', async () => {
    const [item] = await mine('from=2026-12-01&to=2026-12-31');
    expect(item.start).toBe('2026-12-12T10:00:00.000Z');
    expect(item.end).toBe('2026-12-20T17:00:00.000Z');
    expect(item.days.map((d: { day: string }) => d.day)).toEqual([
      '2026-12-12',
      '2026-12-13',
      '2026-12-14',
      '2026-12-15',
      '2026-12-16',
      '2026-12-17',
      '2026-12-18',
      '2026-12-19',
      '2026-12-20',
    ]);
    expect(item.days[0]).toEqual({
      day: '2026-12-12',
      part: 'first',
      start: '2026-12-12T10:00:00.000Z',
      end: '2026-12-12T23:00:00.000Z',
    });
    expect(item.days[4]).toEqual({
      day: '2026-12-16',
      part: 'middle',
      start: '2026-12-15T23:00:00.000Z',
      end: '2026-12-16T23:00:00.000Z',
    });
    expect(item.days[8]).toEqual({
      day: '2026-12-20',
      part: 'last',
      start: '2026-12-19T23:00:00.000Z',
      end: '2026-12-20T17:00:00.000Z',
    });
  });

  it('shows it under 15.12. and 16.12. for the filter 15.–16.12., never under 12.12.', async () => {
    const items = await mine('from=2026-12-15&to=2026-12-16');
    expect(items).toHaveLength(1);
    expect(items[0].days.map((d: { day: string; part: string }) => [d.day, d.part])).toEqual([
      ['2026-12-15', 'middle'],
      ['2026-12-16', 'middle'],
    ]);
    // The last day alone, and a window after it.
    expect((await mine('from=2026-12-20&to=2026-12-20'))[0].days.map((d: { part: string }) => d.part)).toEqual(['last']);
    expect(await mine('from=2026-12-21')).toEqual([]);
  });

  it('stays one event in the iCalendar feed (node-ical), whatever the filter', async () => {
    const uid = `${planId}-expo@kreativquartiere-planner`;
    for (const q of ['', '?from=2026-12-15&to=2026-12-16']) {
      const feed = await fetchCalendar(`${server.url}/api/public/programme.ics${q}`);
      expect(feed.status).toBe(200);
      expect([...feed.events.keys()].filter((k) => k === uid)).toHaveLength(1);
      const ev = feed.events.get(uid);
      expect(new Date(ev.start).toISOString()).toBe('2026-12-12T10:00:00.000Z');
      expect(new Date(ev.end).toISOString()).toBe('2026-12-20T17:00:00.000Z');
      expect(ev.status).toBe('CONFIRMED');
    }
  });

  it('does not call an entry outside a date filter cancelled, nor raise its SEQUENCE', async () => {
    const late = `${planId}-late@kreativquartiere-planner`;
    const narrow = await fetchCalendar(`${server.url}/api/public/programme.ics?from=2026-12-15&to=2026-12-16`);
    expect(narrow.events.has(late)).toBe(false);
    const all = await fetchCalendar(`${server.url}/api/public/programme.ics`);
    const ev = all.events.get(late);
    expect(ev.status).toBe('CONFIRMED');
    expect(Number(ev.sequence)).toBe(0);
  });

  it('filters the feed by quarter (id or slug), refusing a malformed one at the edge', async () => {
    const uid = `${planId}-expo@kreativquartiere-planner`;
    for (const quarter of ['unionviertel', demo.quarterId]) {
      const feed = await fetchCalendar(`${server.url}/api/public/programme.ics?quarter=${quarter}`);
      expect(feed.status).toBe(200);
      expect(feed.events.has(uid)).toBe(true);
    }
    const other = await fetchCalendar(`${server.url}/api/public/programme.ics?quarter=nordstadt`);
    expect(other.status).toBe(200);
    expect(other.events.has(uid)).toBe(false);
    const bad = await fetch(`${server.url}/api/public/programme.ics?quarter=${'x'.repeat(101)}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('quarter');
  });
});
