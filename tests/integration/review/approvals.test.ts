import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addLayoutItem, addScheduleEntry, updateLayoutItem, updateScheduleEntry } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import { apiFor, type DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { connectRecorder, entry, openDoc, serverPlan, waitFor, type Recorder } from './helpers.ts';
import { approve, publish, renew } from '../../helpers/decisions.ts';

/**
 * Approvals bind to the schedule's content hash. Two instances: the staff member's socket is on A,
 * the designer edits on B; the staleness event crosses instances (in-process bus on the embedded
 * pass, Redis on the second).
 */
describe('approvals and staleness across instances', () => {
  let a: TestServer;
  let b: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let staff: Recorder;
  /** A staff socket in no plan room: the dashboard's. */
  let desk: Recorder;
  let designerDoc: Awaited<ReturnType<typeof openDoc>>;
  let planId: string;

  test.beforeAll(async ({ server, server2, world }) => {
    [a, b] = [server, server2];
    ({ demo, api } = world);
    planId = demo.planId;
    designerDoc = await openDoc(b, planId, api.designer1.token!);
    addScheduleEntry(designerDoc.doc, entry('e1'));
    addScheduleEntry(
      designerDoc.doc,
      entry('e2', { start: '2027-03-06T10:00:00+01:00', end: '2027-03-06T18:00:00+01:00', kind: 'open-hours' }),
    );
    addLayoutItem(designerDoc.doc, { id: 'l1', kind: 'plinth', x: 100, y: 100, w: 80, h: 80, label: 'Sockel' });
    await waitFor(
      async () => Object.keys((await serverPlan(b, planId)).schedule).length === 2 || undefined,
      5000,
      'schedule on B',
    );
    staff = await connectRecorder(a, api.staff.token!);
    await staff.join(planId);
    desk = await connectRecorder(a, api.staff.token!);
  });

  afterAll(async () => {
    staff?.close();
    desk?.close();
    designerDoc?.close();
  });

  it('records the approval with hash, copy of the schedule, note and versions; a layout edit leaves it fresh; a schedule edit on another instance makes it stale at once; publish waits for re-approval', async () => {
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    const approved = await approve(api.staff, planId, 'Passt so.');
    expect(approved.status).toBe(200);
    const recorded = await staff.first('approval:recorded', (p) => p.planId === planId);
    expect(recorded.decision).toBe('approved');

    const state0 = (await api.staff.get(`/api/plans/${planId}/approval`)).body;
    expect(state0.status).toBe('approved');
    expect(state0.current).toMatchObject({
      decision: 'approved',
      note: 'Passt so.',
      stale: false,
      decidedBy: { id: demo.users.staff.id },
    });
    expect(state0.current.scheduleHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(state0.current.schedule.map((e: { id: string }) => e.id)).toEqual(['e1', 'e2']);
    expect(state0.stale).toBe(false);

    // Versions at submit and at the approval.
    const versions = (await api.designer2.get(`/api/plans/${planId}/versions`)).body.items;
    expect(versions.map((v: { reason: string }) => v.reason)).toEqual(['submit', 'approval']);
    expect(state0.current.version).toBe(2);

    // A layout edit: the schedule's hash is unchanged, the approval stays fresh on both instances.
    updateLayoutItem(designerDoc.doc, 'l1', { x: 300 });
    await waitFor(async () => (await serverPlan(b, planId)).layout.l1?.x === 300 || undefined, 5000, 'layout edit on B');
    await Promise.all([a.app.review.monitor.idle(), b.app.review.monitor.idle()]);
    const afterLayout = (await api.staff.get(`/api/plans/${planId}/approval`)).body;
    expect(afterLayout.stale).toBe(false);
    expect(afterLayout.current.stale).toBe(false);
    expect(staff.of('approval:stale')).toEqual([]);

    // A schedule edit by the designer on B: the staff socket on A hears it within 1 s.
    const staleEvent = staff.next('approval:stale', (p) => p.planId === planId && p.stale, 1000);
    updateScheduleEntry(designerDoc.doc, 'e1', { start: '2027-03-05T19:00:00+01:00', end: '2027-03-05T21:00:00+01:00' });
    updateScheduleEntry(designerDoc.doc, 'e2', { title: 'Offenes Atelier' });
    const ev = await staleEvent;
    expect(ev.approvalId).toBe(state0.current.id);

    const stale = (await api.designer1.get(`/api/plans/${planId}/approval`)).body;
    expect(stale.stale).toBe(true);
    expect(stale.current.stale).toBe(true);
    expect(stale.changes.moved.map((c: { id: string }) => c.id)).toEqual(['e1']);
    expect(stale.changes.retitled.map((c: { id: string }) => c.id)).toEqual(['e2']);
    expect(stale.changes.added).toEqual([]);
    expect(stale.changes.removed).toEqual([]);

    // The staff dashboard's list of stale approvals (issue 19): the stored flag, staff only; the staff
    // room hears it too (the dashboard joins no plan rooms).
    const listed = (await api.staff.get('/api/approvals/stale')).body.items.map((p: { id: string }) => p.id);
    expect(listed).toContain(planId);
    expect((await api.designer1.get('/api/approvals/stale')).status).toBe(403);
    const badLimit = await api.staff.get('/api/approvals/stale?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.fields.map((f: { path: string }) => f.path)).toContain('limit');
    expect(JSON.stringify(badLimit.body.error)).toMatch(/limit/);
    expect(desk.of('approval:stale').some((p) => p.planId === planId && p.stale)).toBe(true);

    // The designers were told.
    const note = await waitFor(async () => {
      const list = (await api.designer1.get('/api/notifications')).body;
      return list.items.find((n: { kind: string; planId: string }) => n.kind === 'approval-stale' && n.planId === planId);
    });
    expect(note.key).toBe('notification.approvalStale');

    // Publishing is refused until approved again — on either instance.
    const refused = await publish(api.staff, planId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect((await publish(apiFor(b, api.staff.token), planId)).status).toBe(409);

    // Only staff re-approve.
    expect((await renew(api.designer1, planId, 'selbst')).status).toBe(403);
    const renewed = await renew(apiFor(b, api.staff.token), planId, 'Neue Zeiten ok');
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ decision: 'approved', stale: false, note: 'Neue Zeiten ok' });
    expect(renewed.body.scheduleHash).toBe(stale.currentHash);
    await a.app.review.monitor.idle();
    expect((await api.staff.get('/api/approvals/stale')).body.items.map((p: { id: string }) => p.id)).not.toContain(planId);

    const published = await publish(api.staff, planId);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const status = await staff.first('plan:status', (p) => p.planId === planId && p.to === 'published');
    expect(status).toMatchObject({ transition: 'publish', from: 'approved', actorId: demo.users.staff.id });
  });

  it('reads the plan as of a version and lists the changes between versions', async () => {
    const v2 = (await api.owner1.get(`/api/plans/${planId}/versions/2`)).body;
    expect(v2.reason).toBe('approval');
    expect(v2.plan.schedule.e1.start).toBe('2027-03-05T18:00:00+01:00');
    expect(v2.plan.layout.l1.x).toBe(100);

    const cmp = (await api.owner1.get(`/api/plans/${planId}/versions/compare?from=2&to=3`)).body;
    expect(cmp.schedule.moved.map((c: { id: string }) => c.id)).toEqual(['e1']);
    expect(cmp.schedule.retitled.map((c: { id: string }) => c.id)).toEqual(['e2']);
    expect(cmp.layout.changed).toEqual([{ id: 'l1', fields: ['x'] }]);
    expect(cmp.tasks).toEqual({ added: [], removed: [], changed: [] });

    const manual = await api.designer2.post(`/api/plans/${planId}/versions`, { name: 'Vor dem Umbau' });
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ number: 4, reason: 'manual', name: 'Vor dem Umbau' });
    expect((await api.designer3.get(`/api/plans/${planId}/versions`)).status).toBe(403);
    expect((await api.owner1.get(`/api/plans/${planId}/versions/99`)).status).toBe(404);
  });
});
