import { describe, expect } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { apiFor, request, type Api } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from '../accounts/fixtures.ts';
import { insertApplication, insertCall, insertStorefront, person, type CallFixture, type Person } from './fixtures.ts';

/**
 * The jury of an open call (issue 16): two jurors score, one declares a conflict, blind mode, the
 * staff's ranking against hand-computed numbers, 400s naming the field, and scores never reaching
 * applicants or owners.
 */
const COMMENT_A = 'Jurykommentar-geheim-7f3a';
const COMMENT_B = 'Jurykommentar-geheim-91cd';

describe('jury', () => {
  let server: TestServer;
  let world: World;
  let j1: Person;
  let j2: Person;
  let applicants: Person[];
  let call: CallFixture;
  let apps: string[];
  let staff: Api;
  const sheet = (c: CallFixture, idea: number, place: number) => [
    { criterionId: c.criteria[0]!.id, score: idea },
    { criterionId: c.criteria[1]!.id, score: place },
  ];

  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    staff = world.api.staff;
    j1 = await person(server, 'Juror Eins', ['juror']);
    j2 = await person(server, 'Juror Zwei', ['juror']);
    applicants = [
      await person(server, 'Anna Antrag', ['applicant']),
      await person(server, 'Ben Bewerbung', ['applicant']),
      await person(server, 'Cem Concept', ['applicant']),
    ];
    const storefront = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Jury-Laden');
    call = await insertCall({ storefrontIds: [storefront], jurors: [j1.id, j2.id] });
    apps = [];
    for (const [i, a] of applicants.entries()) {
      apps.push(
        await insertApplication({
          callId: call.callId,
          applicantId: a.id,
          storefrontIds: [storefront],
          concept: `Konzept ${i + 1}\nLang`,
        }),
      );
    }
  });

  const juror = (p: Person) => apiFor(server, p.token);
  const scorePath = (appId: string, c = call) => `/api/jury/calls/${c.callId}/applications/${appId}/score`;

  test('two jurors score, a conflict excludes one, and the ranking matches hand-computed numbers', async () => {
    // Juror 1: app0 (5,2) → 12/3 = 4; app1 (4,5) → 13/3; app2 (1,1) → 1.
    // Juror 2: app0 (3,3) → 3; app1 conflict; app2 (2,5) → 9/3 = 3.
    expect((await juror(j1).put(scorePath(apps[0]!), { scores: sheet(call, 5, 2), comment: COMMENT_A })).status).toBe(200);
    expect((await juror(j1).put(scorePath(apps[1]!), { scores: sheet(call, 4, 5) })).status).toBe(200);
    expect((await juror(j1).put(scorePath(apps[2]!), { scores: sheet(call, 1, 1) })).status).toBe(200);
    expect((await juror(j2).put(scorePath(apps[0]!), { scores: sheet(call, 3, 3), comment: COMMENT_B })).status).toBe(200);
    // Juror 2 scores app1 first, then declares a conflict: the scores go, scoring it again is refused.
    expect((await juror(j2).put(scorePath(apps[1]!), { scores: sheet(call, 0, 0) })).status).toBe(200);
    const conflict = await juror(j2).post(`/api/jury/calls/${call.callId}/applications/${apps[1]}/conflict`, {
      note: 'Ehemalige Kollegin',
    });
    expect(conflict.status).toBe(200);
    expect(conflict.body).toMatchObject({ conflict: true, concept: null, applicantName: null, myScores: {} });
    const again = await juror(j2).put(scorePath(apps[1]!), { scores: sheet(call, 5, 5) });
    expect(again.status).toBe(409);
    expect(again.body.error.key).toBe('jury.conflicted');
    expect((await juror(j2).put(scorePath(apps[2]!), { scores: sheet(call, 2, 5) })).status).toBe(200);

    // The conflicted juror sees the application's title only.
    const view = await juror(j2).get(`/api/jury/calls/${call.callId}`);
    expect(view.status).toBe(200);
    const seen = view.body.applications.find((a: { id: string }) => a.id === apps[1]);
    expect(seen).toMatchObject({ title: 'Konzept 2', conflict: true, concept: null, formats: null, storefronts: null });
    expect(view.body.call.progress).toEqual({ scored: 2, toScore: 0, conflicts: 1 });

    const ranking = await staff.get(`/api/jury/calls/${call.callId}/ranking`);
    expect(ranking.status).toBe(200);
    const rows = ranking.body.ranking as {
      applicationId: string;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      rank: number;
      jurorCount: number;
      conflicts: number;
    }[];
    expect(rows.map((r) => r.applicationId)).toEqual([apps[1], apps[0], apps[2]]);
    const [r1, r0, r2] = rows;
    expect(r1!.mean).toBeCloseTo(13 / 3, 9);
    expect(r1!.jurorCount).toBe(1);
    expect(r1!.conflicts).toBe(1);
    expect(r0!.mean).toBeCloseTo(3.5, 9);
    expect(r0!.stddev).toBeCloseTo(0.5, 9);
    expect([r0!.min, r0!.max]).toEqual([3, 4]);
    expect(r2!.mean).toBeCloseTo(2, 9);
    expect(r2!.stddev).toBeCloseTo(1, 9);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3]);
    const jurors = ranking.body.jurors as { jurorId: string; scored: number; toScore: number; conflicts: number }[];
    expect(jurors.find((j) => j.jurorId === j1.id)).toMatchObject({ scored: 3, toScore: 0, conflicts: 0 });
    expect(jurors.find((j) => j.jurorId === j2.id)).toMatchObject({ scored: 2, toScore: 0, conflicts: 1 });

    const compare = await staff.get(`/api/jury/calls/${call.callId}/compare?ids=${apps[0]},${apps[1]}`);
    expect(compare.status).toBe(200);
    expect(compare.body.columns).toHaveLength(2);
    const col0 = compare.body.columns[0];
    expect(col0.jurors.find((j: { jurorId: string }) => j.jurorId === j1.id)).toMatchObject({
      comment: COMMENT_A,
      conflict: false,
    });
    expect(compare.body.columns[1].jurors.find((j: { jurorId: string }) => j.jurorId === j2.id)).toMatchObject({
      conflict: true,
      scores: {},
    });
    expect((await staff.get(`/api/jury/calls/${call.callId}/compare?ids=${apps[0]}`)).status).toBe(400);
  });

  test('bad bodies are 400s naming the field', async () => {
    const six = await juror(j1).put(scorePath(apps[0]!), { scores: [{ criterionId: call.criteria[0]!.id, score: 6 }] });
    expect(six.status).toBe(400);
    expect(six.body.error.fields.map((f: { path: string }) => f.path)).toContain('scores.0.score');
    const unknown = await juror(j1).put(scorePath(apps[0]!), { scores: [{ criterionId: 'kein-kriterium', score: 3 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['scores.0.criterionId']);
    const extra = await juror(j1).put(scorePath(apps[0]!), { scores: [], points: 3 });
    expect(extra.status).toBe(400);
  });

  test('scoring opens only after the deadline; a juror of another call is refused', async () => {
    const storefront = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Früh-Laden');
    const early = await insertCall({ storefrontIds: [storefront], jurors: [j1.id], open: false });
    const app = await insertApplication({
      callId: early.callId,
      applicantId: applicants[0]!.id,
      storefrontIds: [storefront],
      concept: 'Zu früh',
    });
    const res = await juror(j1).put(scorePath(app, early), { scores: sheet(early, 3, 3) });
    expect(res.status).toBe(409);
    expect(res.body.error.key).toBe('jury.notOpen');
    // j2 judges the first call only: on this one they are refused, and see nothing of it.
    expect((await juror(j2).put(scorePath(app, early), { scores: sheet(early, 3, 3) })).status).toBe(403);
    expect((await juror(j2).get(`/api/jury/calls/${early.callId}`)).status).toBe(403);
    const list = await juror(j2).get('/api/jury/calls');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(call.callId);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(early.callId);
    // Staff read rankings, never score unless named a juror.
    expect((await staff.put(scorePath(app, early), { scores: sheet(early, 3, 3) })).status).toBe(403);
  });

  test('blind mode hides names, co-applicants and portfolios until the juror’s scores are in', async () => {
    const storefront = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Blind-Laden');
    const co = await person(server, 'Co Mitbewerberin', ['applicant']);
    const blind = await insertCall({ storefrontIds: [storefront], jurors: [j1.id, j2.id], blind: true });
    const a = await insertApplication({
      callId: blind.callId,
      applicantId: applicants[0]!.id,
      storefrontIds: [storefront],
      concept: 'Blind A',
      coApplicants: [{ id: co.id, name: co.name, email: co.email }],
    });
    const b = await insertApplication({
      callId: blind.callId,
      applicantId: applicants[1]!.id,
      storefrontIds: [storefront],
      concept: 'Blind B',
    });
    const names = (body: unknown) => JSON.stringify(body);
    let view = await juror(j1).get(`/api/jury/calls/${blind.callId}`);
    expect(view.status).toBe(200);
    expect(view.body.applications.every((x: { hidden: boolean }) => x.hidden)).toBe(true);
    for (const secret of [applicants[0]!.name, applicants[1]!.name, co.name, 'portfolio.example'])
      expect(names(view.body)).not.toContain(secret);
    expect(view.body.applications[0].concept).toBe('Blind A');

    await juror(j1).put(scorePath(a, blind), { scores: sheet(blind, 3, 3) });
    view = await juror(j1).get(`/api/jury/calls/${blind.callId}`);
    expect(names(view.body)).not.toContain(applicants[0]!.name);
    // A conflict counts as done: the last open one.
    await juror(j1).post(`/api/jury/calls/${blind.callId}/applications/${b}/conflict`, {});
    view = await juror(j1).get(`/api/jury/calls/${blind.callId}`);
    const shownA = view.body.applications.find((x: { id: string }) => x.id === a);
    expect(shownA).toMatchObject({ hidden: false, applicantName: applicants[0]!.name, coApplicants: [co.name] });
    expect(shownA.portfolioLinks[0].url).toBe('https://portfolio.example/geheim');
    // The conflicted one stays a title; the other juror still sees no names.
    expect(names(view.body.applications.find((x: { id: string }) => x.id === b))).not.toContain(applicants[1]!.name);
    expect(names((await juror(j2).get(`/api/jury/calls/${blind.callId}`)).body)).not.toContain(applicants[0]!.name);
  });

  test('applicants and owners never see scores or jury comments, on any route they can reach', async () => {
    // Shortlist app0 so that its owner has something to read.
    expect((await staff.post(`/api/selection/calls/${call.callId}/applications/${apps[0]}/shortlist`)).status).toBe(200);
    const readers: [string, Api][] = [
      ['applicant', apiFor(server, applicants[0]!.token)],
      ['owner', world.api.owner1],
      ['other owner', world.api.owner2],
    ];
    const storefront = call.storefrontIds[0]!;
    const paths = [
      '/api/jury/calls',
      `/api/jury/calls/${call.callId}`,
      `/api/jury/calls/${call.callId}/ranking`,
      `/api/jury/calls/${call.callId}/compare?ids=${apps[0]},${apps[1]}`,
      `/api/selection/calls/${call.callId}`,
      `/api/selection/calls/${call.callId}/mail-sends`,
      `/api/selection/calls/${call.callId}/mail-templates`,
      '/api/shortlist',
      `/api/shortlist/storefronts/${storefront}`,
      '/api/notifications',
      '/api/activity',
    ];
    let ownerSawConcept = false;
    for (const [who, api] of readers) {
      for (const p of paths) {
        const res = await api.get(p);
        const text = JSON.stringify(res.body);
        for (const secret of [
          COMMENT_A,
          COMMENT_B,
          '"myScores"',
          '"mean"',
          '"byJuror"',
          '"byCriterion"',
          '"stddev"',
          '"score"',
        ]) {
          expect(text, `${who} GET ${p}`).not.toContain(secret);
        }
        if (who === 'owner' && p === '/api/shortlist' && text.includes('Konzept 1')) ownerSawConcept = true;
      }
    }
    // The owner really read something (the check above is not vacuous).
    expect(ownerSawConcept).toBe(true);
    const ownView = await world.api.owner1.get(`/api/shortlist/storefronts/${storefront}`);
    expect(ownView.status).toBe(200);
    expect(Object.keys(ownView.body.items[0]).sort()).toEqual(
      [
        'answer',
        'answeredAt',
        'applicationId',
        'callId',
        'callTitle',
        'concept',
        'formats',
        'needs',
        'needsNote',
        'periodEnd',
        'periodStart',
        'storefrontId',
        'storefrontTitle',
        'text',
      ].sort(),
    );
    expect((await request(server, null, 'GET', `/api/jury/calls/${call.callId}/ranking`)).status).toBe(401);
  });
});
