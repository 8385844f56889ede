import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { io as ioc, type Socket } from 'socket.io-client';
import { addLayoutItem, addScheduleEntry, addTask } from '@planner/shared/plan/index';
import type { Finding } from '@planner/shared/checks/index';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { openDoc } from '../../helpers/yjs.ts';
import { storefrontBody } from './fixtures.ts';

const kinds = (fs: Finding[]) => [...new Set(fs.map((f) => f.kind))].sort();

describe('checks on the server', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let storefrontId: string;
  const open: { close(): void }[] = [];
  const sockets: Socket[] = [];
  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    const sf = await api.staff.post(
      '/api/storefronts',
      storefrontBody(demo.quarterId, { ownerId: demo.users.owner1.id, maxOccupancy: 30 }),
    );
    expect(sf.status).toBe(201);
    storefrontId = sf.body.id;
  });
  afterAll(async () => {
    open.forEach((o) => {
      o.close();
    });
    sockets.forEach((s) => {
      s.disconnect();
    });
  });

  async function newPlan(title: string) {
    const res = await api.designer1.post('/api/plans', { storefrontId, title });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('recomputes a plan’s findings after live edits and announces them to the plan room', async () => {
    const planId = await newPlan('Prüfplan');
    const socket = ioc(server.url, { path: '/socket.io', auth: { token: api.owner1.token }, transports: ['websocket'] });
    sockets.push(socket);
    const announced: Finding[][] = [];
    socket.on(
      'checks:changed',
      (p: { planId: string; findings: Finding[] }) => p.planId === planId && announced.push(p.findings),
    );
    const joined = await socket.emitWithAck('plan:join', { planId });
    expect(joined).toEqual({ ok: true });

    const client = openDoc(server.wsUrl, planId, api.designer1.token!);
    open.push(client);
    await client.synced;
    addLayoutItem(client.doc, { kind: 'plinth', x: 750, y: 550, w: 100, h: 100 }); // sticks out of the L
    addLayoutItem(client.doc, { kind: 'table', x: 300, y: 10, w: 120, h: 80 }); // in front of the door
    addScheduleEntry(client.doc, {
      kind: 'opening',
      title: 'Eröffnung',
      start: '2027-05-10T18:00:00+02:00', // after the availability window
      end: '2027-05-10T22:00:00+02:00',
      expectedAttendance: 250,
    });
    addTask(client.doc, { title: 'Schlüssel holen' }); // nobody assigned

    await expect
      .poll(async () => kinds((await api.designer1.get(`/api/plans/${planId}/checks`)).body.findings), { timeout: 5000 })
      .toEqual(
        expect.arrayContaining([
          'layout-outside',
          'keep-clear-blocked',
          'outside-availability',
          'capacity-owner',
          'capacity-assembly',
          'task-unassigned',
        ]),
      );
    await expect.poll(() => announced.length, { timeout: 3000 }).toBeGreaterThan(0);
    expect(kinds(announced[announced.length - 1])).toContain('layout-outside');

    // Fixing the layout removes those findings, live.
    client.doc.getMap('layout').forEach((_v, id) => {
      client.doc.getMap('layout').delete(id);
    });
    await expect
      .poll(async () => kinds((await api.designer1.get(`/api/plans/${planId}/checks`)).body.findings), { timeout: 5000 })
      .not.toContain('layout-outside');
    expect((await api.designer3.get(`/api/plans/${planId}/checks`)).status).toBe(403);
  });

  it('re-runs the checks of a storefront’s live plans when the storefront changes (plan view and city view)', async () => {
    const sf = await api.staff.post('/api/storefronts', storefrontBody(demo.quarterId, { maxOccupancy: 30 }));
    expect(sf.status).toBe(201);
    const res = await api.designer1.post('/api/plans', { storefrontId: sf.body.id, title: 'Lesung im kleinen Laden' });
    const planId = res.body.id as string;
    const c = openDoc(server.wsUrl, planId, api.designer1.token!);
    open.push(c);
    await c.synced;
    addScheduleEntry(c.doc, {
      kind: 'event',
      title: 'Lesung',
      start: '2027-03-20T18:00:00+01:00',
      end: '2027-03-20T20:00:00+01:00',
      expectedAttendance: 25,
    });
    const capacity = async () => {
      const own = (await api.designer1.get(`/api/plans/${planId}/checks`)).body.findings as Finding[];
      const city = (await api.staff.get('/api/checks')).body.findings as Finding[];
      return [own, city.filter((f) => f.planIds.includes(planId))].map((l) => l.some((f) => f.kind === 'capacity-owner'));
    };
    await expect.poll(capacity, { timeout: 5000 }).toEqual([false, false]);
    // The owner's limit drops below the expected attendance: the stored findings follow, and back.
    expect((await api.staff.patch(`/api/storefronts/${sf.body.id}`, { maxOccupancy: 20 })).status).toBe(200);
    await expect.poll(capacity, { timeout: 5000 }).toEqual([true, true]);
    expect((await api.staff.patch(`/api/storefronts/${sf.body.id}`, { maxOccupancy: 30 })).status).toBe(200);
    await expect.poll(capacity, { timeout: 5000 }).toEqual([false, false]);
  });

  it('finds a double booking across plans for staff, and refuses the city view to others', async () => {
    const a = await newPlan('Plan A');
    const b = await newPlan('Plan B');
    for (const id of [a, b]) {
      const c = openDoc(server.wsUrl, id, api.designer1.token!);
      open.push(c);
      await c.synced;
      addScheduleEntry(c.doc, {
        kind: 'event',
        title: `Abend ${id.slice(0, 4)}`,
        start: '2027-03-12T18:00:00+01:00',
        end: '2027-03-12T21:00:00+01:00',
      });
      expect((await api.designer1.post(`/api/plans/${id}/transitions/submit`, {})).status).toBe(200);
    }
    await expect
      .poll(
        async () => {
          const res = await api.staff.get('/api/checks');
          return res.body.findings.some(
            (f: Finding) => f.kind === 'double-booking' && f.planIds.includes(a) && f.planIds.includes(b),
          );
        },
        { timeout: 6000 },
      )
      .toBe(true);
    expect((await api.designer1.get('/api/checks')).status).toBe(403);
    expect((await api.anonymous.get('/api/checks')).status).toBe(401);
    // The storefront is no longer free on that day.
    const q = `freeFrom=${encodeURIComponent('2027-03-12T00:00:00+01:00')}&freeTo=${encodeURIComponent('2027-03-13T00:00:00+01:00')}&limit=200`;
    await expect
      .poll(async () => (await api.staff.get(`/api/storefronts?${q}`)).body.items.map((s: { id: string }) => s.id), {
        timeout: 5000,
      })
      .not.toContain(storefrontId);
  });
});
