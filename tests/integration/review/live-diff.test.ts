import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { addScheduleEntry, scheduleHash, updateScheduleEntry } from '@planner/shared/plan/index';
import { test } from '../../helpers/fixtures.ts';
import { approve } from '../../helpers/decisions.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { APPROVED, applyEdit, editArb, expectPushedDiff, newest } from './live-diff-kit.ts';
import { connectRecorder, openDoc, serverPlan, waitFor, type Recorder } from './helpers.ts';

/**
 * Issue 13, defect 2: the "Freigabe veraltet" banner showed the first change after the approval, not
 * the last. The live diff is pushed to the plan's pages after every schedule edit; one instance here
 * (live-diff.integration.test.ts: two instances on PostgreSQL and Redis).
 */
describe('live diff of an approved plan (one instance)', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let planId: string;
  let docs: Awaited<ReturnType<typeof openDoc>>[] = [];
  let staff: Recorder;
  let designer: Recorder;
  let approved: { schedule: never[]; scheduleHash: string; id: number };

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    planId = demo.planId;
    docs = [await openDoc(server, planId, api.designer1.token!), await openDoc(server, planId, api.designer2.token!)];
    for (const e of APPROVED) addScheduleEntry(docs[0]!.doc, e);
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === APPROVED.length || undefined);
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    approved = (await api.staff.get(`/api/plans/${planId}/approval`)).body.current;
    staff = await connectRecorder(server, api.staff.token!);
    await staff.join(planId);
    designer = await connectRecorder(server, api.designer1.token!);
    await designer.join(planId);
  });

  afterAll(() => {
    staff?.close();
    designer?.close();
    for (const d of docs) d.close();
  });

  it('the reviewer who approved is told once per stale transition, not per edit; the approval state carries currentHash', async () => {
    const key = 'notification.approvalStaleStaff';
    const mine = async () =>
      ((await api.staff.get('/api/notifications')).body.items as { key: string; planId: string }[]).filter(
        (n) => n.key === key && n.planId === planId,
      );
    const before = (await mine()).length;
    // Three moves of the Vernissage, the last to 12.12. 19:00.
    for (const start of ['2026-12-11T19:00:00+01:00', '2026-12-12T18:15:00+01:00', '2026-12-12T19:00:00+01:00']) {
      updateScheduleEntry(docs[0]!.doc, 'e1', { start, end: '2026-12-12T22:00:00+01:00' });
      await waitFor(async () => (await serverPlan(server, planId)).schedule.e1?.start === start || undefined);
      await server.app.review.monitor.idle();
    }
    await waitFor(async () => (await mine()).length === before + 1 || undefined, 5000, 'the staff notification');
    const live = scheduleHash((await serverPlan(server, planId)).schedule);
    const state = (await api.staff.get(`/api/plans/${planId}/approval`)).body;
    expect(state.stale).toBe(true);
    expect(state.currentHash).toBe(live);
    expect(state.changes.moved[0].after.start).toBe(new Date('2026-12-12T19:00:00+01:00').toISOString());
    for (const rec of [staff, designer]) {
      const n = await waitFor(() => {
        const p = newest(rec, planId);
        return p?.currentHash === live ? p : undefined;
      });
      expect(n.changes.moved.map((c) => [c.id, c.after.start])).toEqual([
        ['e1', new Date('2026-12-12T19:00:00+01:00').toISOString()],
      ]);
    }
    // Not one per edit: the further edits of a stale approval add nothing.
    expect((await mine()).length).toBe(before + 1);
    // The designers are not sent the staff's message.
    const designerKeys = (await api.designer1.get('/api/notifications')).body.items.map((n: { key: string }) => n.key);
    expect(designerKeys).not.toContain(key);
  });

  it('property: after any sequence of schedule edits the newest pushed diff equals diff(approved copy, live schedule)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb(docs.length), { minLength: 1, maxLength: 6 }), async (edits) => {
        for (const e of edits) applyEdit(docs, e);
        await expectPushedDiff({
          planId,
          servers: [server],
          clients: docs,
          recorders: [staff, designer],
          approved: approved.schedule,
          approvedHash: approved.scheduleHash,
        });
      }),
      { numRuns: 15, endOnFailure: true },
    );
    // Back to the approved schedule: the diff clears and the approval is fresh again.
    applyEdit(docs, { op: 'reset', on: 1 });
    await expectPushedDiff({
      planId,
      servers: [server],
      clients: docs,
      recorders: [staff, designer],
      approved: approved.schedule,
      approvedHash: approved.scheduleHash,
    });
    const state = (await api.designer1.get(`/api/plans/${planId}/approval`)).body;
    expect(state.stale).toBe(false);
    expect(state.currentHash).toBe(approved.scheduleHash);
  });
});
