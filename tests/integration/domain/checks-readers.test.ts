import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addScheduleEntry, addTask } from '@planner/shared/plan/index';
import { HIDDEN_PLAN } from '@planner/shared';
import type { Finding } from '@planner/shared/checks/index';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { connectRecorder } from '../../helpers/sockets.ts';
import { openDoc } from '../../helpers/yjs.ts';
import { storefrontBody } from './fixtures.ts';

// Issue 13, defects 3 and 7: cross-plan findings run for drafts too, and name the other plan only to
// people who may read it. designer1 is a member of "Mein Entwurf" (A) only; designer3 made
// "Licht und Schatten" (B) in the same shop, with "Vernissage" overlapping A's workshop and the same
// person responsible in both.
const SECRET_PLAN = 'Licht und Schatten';
const SECRET_ENTRY = 'Vernissage';
const SECRET_TASK = 'Bilder hängen';

const cross = (fs: Finding[]) => fs.filter((f) => f.kind === 'double-booking' || f.kind === 'person-double-booked');
const severityOf = (fs: Finding[], kind: string) => fs.find((f) => f.kind === kind)?.severity;

describe('checks as their readers see them', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let a: string;
  let b: string;
  let bIds: string[];
  const open: { close(): void }[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    const sf = await api.staff.post('/api/storefronts', storefrontBody(demo.quarterId, { ownerId: demo.users.owner1.id }));
    expect(sf.status).toBe(201);
    const storefrontId = sf.body.id as string;
    const planA = await api.designer1.post('/api/plans', { storefrontId, title: 'Mein Entwurf' });
    const planB = await api.designer3.post('/api/plans', { storefrontId, title: SECRET_PLAN });
    expect([planA.status, planB.status]).toEqual([201, 201]);
    a = planA.body.id;
    b = planB.body.id;
    const person = demo.users.designer2.id;

    const docA = openDoc(server.wsUrl, a, api.designer1.token!);
    const docB = openDoc(server.wsUrl, b, api.designer3.token!);
    open.push(docA, docB);
    await Promise.all([docA.synced, docB.synced]);
    const wA = addScheduleEntry(docA.doc, {
      kind: 'workshop',
      title: 'Workshop',
      start: '2027-03-12T16:00:00+01:00',
      end: '2027-03-12T18:00:00+01:00',
    });
    addTask(docA.doc, { title: 'Material holen', assignee: person, scheduleEntryId: wA });
    const vB = addScheduleEntry(docB.doc, {
      kind: 'event',
      title: SECRET_ENTRY,
      start: '2027-03-12T15:00:00+01:00',
      end: '2027-03-12T17:00:00+01:00',
    });
    const tB = addTask(docB.doc, { title: SECRET_TASK, assignee: person, scheduleEntryId: vB });
    bIds = [b, vB, tB];
  });
  test.afterAll(() => {
    for (const o of open) o.close();
  });

  const checksOf = async (who: keyof DemoApis, planId: string) => {
    const res = await api[who].get(`/api/plans/${planId}/checks`);
    expect(res.status).toBe(200);
    return res.body.findings as Finding[];
  };
  const bothKinds = async (who: keyof DemoApis, planId: string) =>
    expect
      .poll(
        async () =>
          cross(await checksOf(who, planId))
            .map((f) => f.kind)
            .sort(),
        { timeout: 6000 },
      )
      .toEqual(['double-booking', 'person-double-booked']);

  it('two drafts: both kinds are found as info, on both plans', async () => {
    await bothKinds('designer1', a);
    await bothKinds('designer3', b);
    for (const [who, id] of [
      ['designer1', a],
      ['designer3', b],
    ] as const) {
      const fs = await checksOf(who, id);
      expect(severityOf(fs, 'double-booking')).toBe('info');
      expect(severityOf(fs, 'person-double-booked')).toBe('info');
    }
  });

  it('a member of A who cannot read B sees "another plan" with the period, never B’s title, entry names or ids', async () => {
    const fs = await checksOf('designer1', a);
    const json = JSON.stringify(fs);
    for (const secret of [SECRET_PLAN, SECRET_ENTRY, SECRET_TASK, ...bIds]) expect(json).not.toContain(secret);
    for (const f of cross(fs)) {
      expect(f.params.otherPlan).toBe(HIDDEN_PLAN);
      expect(f.params.start).toBeTruthy();
      expect(f.params.end).toBeTruthy();
    }
    // designer1 may not read B at all.
    expect((await api.designer1.get(`/api/plans/${b}/checks`)).status).toBe(403);
  });

  it('staff and the shop’s owner, who may read both plans, see the other plan named', async () => {
    for (const who of ['staff', 'owner1'] as const) {
      const fs = cross(await checksOf(who, a));
      expect(fs.find((f) => f.kind === 'double-booking')?.params.otherPlan).toBe(SECRET_PLAN);
      const person = fs.find((f) => f.kind === 'person-double-booked');
      expect(person?.params.otherPlan).toBe(SECRET_PLAN);
      expect(person?.params.otherTitle).toBe(SECRET_ENTRY);
    }
  });

  it('B submitted: A (draft) gets warnings, B gets info about the draft; the live event names nothing of B', async () => {
    const rec = await connectRecorder(server, api.designer1.token!);
    try {
      await rec.join(a);
      expect((await api.designer3.post(`/api/plans/${b}/transitions/submit`, {})).status).toBe(200);
      await expect
        .poll(async () => severityOf(await checksOf('designer1', a), 'double-booking'), { timeout: 6000 })
        .toBe('warning');
      const fs = await checksOf('designer1', a);
      expect(severityOf(fs, 'person-double-booked')).toBe('warning');
      const json = JSON.stringify(fs);
      for (const secret of [SECRET_PLAN, SECRET_ENTRY, SECRET_TASK, ...bIds]) expect(json).not.toContain(secret);

      const event = await rec.first(
        'checks:changed',
        (p) => p.planId === a && severityOf(p.findings, 'double-booking') === 'warning',
      );
      const sent = JSON.stringify(event);
      for (const secret of [SECRET_PLAN, SECRET_ENTRY, SECRET_TASK, ...bIds]) expect(sent).not.toContain(secret);

      const ofB = await checksOf('designer3', b);
      expect(severityOf(ofB, 'double-booking')).toBe('info');
      expect(severityOf(ofB, 'person-double-booked')).toBe('info');
      const jsonB = JSON.stringify(ofB);
      for (const secret of ['Mein Entwurf', 'Workshop', 'Material holen', a]) expect(jsonB).not.toContain(secret);
    } finally {
      rec.close();
    }
  });
});
