import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { CALL_DEMO_ACCOUNTS, seedDemoCall, seedDemoCalls } from '@planner/server/modules/demo/calls';
import { DEMO_PASSWORD } from '@planner/server/modules/demo/seed';
import { apiFor, tokenFor } from '../../helpers/api.ts';
import { test, type World } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';

/** The demo call (issue 16): published for both demo storefronts, with criteria, two viewings, a staff juror; both offered. */
describe('demo data of open calls', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  test('publishes one call for the two demo storefronts and offers both with some groups public', async () => {
    const { demo, api } = world;
    const id = await seedDemoCall(server.app.calls, { staffId: demo.users.staff.id, storefrontIds: demo.storefrontIds });
    const call = await api.staff.get(`/api/calls/${id}`);
    expect(call.body).toMatchObject({ status: 'published', open: true });
    expect(call.body.storefronts.map((s: { id: string }) => s.id)).toEqual(demo.storefrontIds);
    expect(call.body.criteria).toHaveLength(3);
    expect(call.body.viewings).toHaveLength(2);
    expect(call.body.jurors.map((j: { userId: string }) => j.userId)).toEqual([demo.users.staff.id]);
    const pub = await api.anonymous.get(`/api/public/calls/${call.body.slug}`);
    expect(pub.status).toBe(200);
    for (const sf of demo.storefrontIds) {
      const e = await api.anonymous.get(`/api/public/exposes/${sf}`);
      expect(e.status).toBe(200);
      expect(e.body.groups.length).toBeGreaterThan(0);
    }
    const second = await api.anonymous.get(`/api/public/exposes/${demo.storefrontIds[1]}`);
    expect(second.body.groups).toEqual(['floor_plan', 'dimensions', 'access']);
    expect(second.body).not.toHaveProperty('conditions');
  });

  test('a call in its jury phase with six applications, two jurors half-way and a conflict; a call decided into the Klangraum plan', async () => {
    const { demo, api } = world;
    const suffix = randomUUID().slice(0, 8);
    const { users: u } = demo;
    const seeded = await seedDemoCalls(
      { db: server.app.db, calls: server.app.calls, applications: server.app.applications, jury: server.app.jury },
      {
        staffId: u.staff.id,
        designerIds: [u.designer1.id, u.designer2.id, u.designer3.id],
        storefrontIds: demo.storefrontIds,
        klangraumPlanId: demo.planId,
        emailSuffix: suffix,
      },
    );

    // The open call still takes applications.
    expect((await api.staff.get(`/api/calls/${seeded.openCallId}`)).body).toMatchObject({ status: 'published', open: true });

    // The jury phase: published, deadline passed, six submitted applications by six people.
    const call = await api.staff.get(`/api/calls/${seeded.juryCallId}`);
    expect(call.body).toMatchObject({ status: 'published', open: false });
    const ranking = await api.staff.get(`/api/jury/calls/${seeded.juryCallId}/ranking`);
    expect(ranking.status).toBe(200);
    expect(ranking.body.call.scoringOpen).toBe(true);
    expect(ranking.body.ranking).toHaveLength(6);
    expect(ranking.body.ranking.every((r: { status: string }) => r.status === 'submitted')).toBe(true);
    expect(new Set(ranking.body.ranking.map((r: { applicantName: string }) => r.applicantName)).size).toBe(6);
    // Two jurors, each half-way: staff 3 of 6 scored; the external juror 2 scored, 1 conflict, 3 to go (one begun).
    const progress = Object.fromEntries(
      ranking.body.jurors.map((j: { jurorId: string; scored: number; toScore: number; conflicts: number }) => [
        j.jurorId,
        { scored: j.scored, toScore: j.toScore, conflicts: j.conflicts },
      ]),
    );
    expect(progress).toEqual({
      [u.staff.id]: { scored: 3, toScore: 3, conflicts: 0 },
      [seeded.users.juror]: { scored: 2, toScore: 3, conflicts: 1 },
    });
    expect(ranking.body.ranking.reduce((n: number, r: { conflicts: number }) => n + r.conflicts, 0)).toBe(1);
    // The external juror signs in with the demo password, holds only the juror role, and sees their sheet.
    const jurorEmail = CALL_DEMO_ACCOUNTS.find((a) => a.key === 'juror')!.email.replace('@', `+${suffix}@`);
    const juror = apiFor(server, await tokenFor(server, jurorEmail, DEMO_PASSWORD));
    const sheet = await juror.get(`/api/jury/calls/${seeded.juryCallId}`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.applications.filter((a: { conflict: boolean }) => a.conflict)).toHaveLength(1);
    expect(sheet.body.applications.filter((a: { complete: boolean }) => a.complete)).toHaveLength(2);
    const begun = sheet.body.applications.filter(
      (a: { complete: boolean; myScores: Record<string, number> }) => !a.complete && Object.keys(a.myScores).length > 0,
    );
    expect(begun).toHaveLength(1);
    const roles = await server.app.db.query<{ roles: string[] }>('select roles from users where id = $1', [seeded.users.juror]);
    expect(roles.rows[0].roles).toEqual(['juror']);

    // The decided call: its one selected application is linked to the Klangraum plan; the others declined.
    const decided = await api.staff.get(`/api/calls/${seeded.decidedCallId}`);
    expect(decided.body.status).toBe('decided');
    const board = await server.app.selection.board(seeded.decidedCallId);
    const byStatus = board.items.map((i) => [i.status, i.planId]).sort();
    expect(byStatus).toEqual([
      ['declined', null],
      ['declined', null],
      ['selected', demo.planId],
    ]);
    const plan = await api.staff.get(`/api/plans/${demo.planId}`);
    expect(plan.body.title).toBe('Klangraum Unionviertel');
  });
});
