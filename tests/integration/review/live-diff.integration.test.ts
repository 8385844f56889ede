import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { addScheduleEntry } from '@planner/shared/plan/index';
import { test } from '../../helpers/fixtures.ts';
import { approve } from '../../helpers/decisions.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { APPROVED, applyEdit, editArb, expectPushedDiff } from './live-diff-kit.ts';
import { connectRecorder, openDoc, serverPlan, waitFor, type Recorder } from './helpers.ts';

/**
 * Issue 13, defect 2, on real PostgreSQL and Redis: two instances, a designer editing on each, socket.io
 * pages on both. After any sequence of edits on either instance, every page's newest `approval:diff`
 * equals diff(approved copy, live schedule) (the one-instance version: live-diff.test.ts).
 */
describe('live diff of an approved plan across two instances', () => {
  let a: TestServer;
  let b: TestServer;
  let api: DemoApis;
  let planId: string;
  let docs: Awaited<ReturnType<typeof openDoc>>[] = [];
  let recorders: Recorder[] = [];
  let approved: { schedule: never[]; scheduleHash: string };

  test.beforeAll(async ({ server, server2, world }) => {
    [a, b] = [server, server2];
    api = world.api;
    planId = world.demo.planId;
    // Designer 1 edits on A, designer 2 on B.
    docs = [await openDoc(a, planId, api.designer1.token!), await openDoc(b, planId, api.designer2.token!)];
    for (const e of APPROVED) addScheduleEntry(docs[0]!.doc, e);
    await waitFor(
      async () => Object.keys((await serverPlan(b, planId)).schedule).length === APPROVED.length || undefined,
      10_000,
      'the schedule on B',
    );
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    approved = (await api.staff.get(`/api/plans/${planId}/approval`)).body.current;
    // Staff page on B, designer pages on A and B.
    recorders = [
      await connectRecorder(b, api.staff.token!),
      await connectRecorder(a, api.designer1.token!),
      await connectRecorder(b, api.designer2.token!),
    ];
    for (const r of recorders) await r.join(planId);
  });

  afterAll(() => {
    for (const r of recorders) r.close();
    for (const d of docs) d.close();
  });

  it('property: after any sequence of edits on A and B, every page on either instance ends with diff(approved copy, live schedule)', async () => {
    const check = () =>
      expectPushedDiff({
        planId,
        servers: [a, b],
        clients: docs,
        recorders,
        approved: approved.schedule,
        approvedHash: approved.scheduleHash,
      });
    await fc.assert(
      fc.asyncProperty(fc.array(editArb(docs.length), { minLength: 1, maxLength: 6 }), async (edits) => {
        for (const e of edits) applyEdit(docs, e);
        await check();
      }),
      { numRuns: 12, endOnFailure: true },
    );
    applyEdit(docs, { op: 'reset', on: 1 });
    await check();
    expect((await api.staff.get(`/api/plans/${planId}/approval`)).body.stale).toBe(false);
  });
});
