import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { Api, DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { PLAN_TRANSITIONS, type PlanStatus, type PlanTransition } from '@planner/shared';
import { transitionExtras } from '../../helpers/decisions.ts';

type Who = keyof DemoApis;
const EVERYONE: Who[] = ['staff', 'owner1', 'owner2', 'designer1', 'designer3', 'anonymous'];

/** Who may make each transition (designer1 is a designer member of the plan, owner1 owns its storefront). */
const ALLOWED: Record<PlanTransition, Who[]> = {
  submit: ['designer1'],
  withdraw: ['designer1'],
  approve: ['staff'],
  'request-changes': ['staff'],
  publish: ['staff'],
  complete: ['staff'],
  reopen: ['designer1', 'staff'],
  unpublish: ['staff'],
};

/** A path of transitions (made by allowed people) that brings a new plan into `status`. */
const PATH_TO: Record<PlanStatus, PlanTransition[]> = {
  draft: [],
  submitted: ['submit'],
  approved: ['submit', 'approve'],
  published: ['submit', 'approve', 'publish'],
  done: ['submit', 'approve', 'publish', 'complete'],
  withdrawn: ['withdraw'],
};

describe('plan lifecycle', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });

  async function planIn(status: PlanStatus): Promise<string> {
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: `Plan ${status}` });
    expect(created.status).toBe(201);
    for (const t of PATH_TO[status]) {
      const who = api[ALLOWED[t][0]] as Api;
      const res = await who.post(
        `/api/plans/${created.body.id}/transitions/${t}`,
        await transitionExtras(api.staff, created.body.id, t),
      );
      expect(res.status, `${t}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    return created.body.id;
  }

  const transitions = Object.keys(PLAN_TRANSITIONS) as PlanTransition[];

  for (const t of transitions) {
    const from = PLAN_TRANSITIONS[t].from[0] as PlanStatus;
    it(`${t}: allowed for ${ALLOWED[t].join(', ')} from ${from}; 401/403 for everyone else`, async () => {
      for (const who of EVERYONE) {
        if (ALLOWED[t].includes(who)) continue;
        const planId = await planIn(from);
        const res = await api[who].post(`/api/plans/${planId}/transitions/${t}`, {});
        expect(res.status, `${who} ${t}`).toBe(who === 'anonymous' ? 401 : 403);
        const still = await api.staff.get(`/api/plans/${planId}`);
        expect(still.body.status).toBe(from);
      }
      for (const who of ALLOWED[t]) {
        const planId = await planIn(from);
        const res = await api[who].post(`/api/plans/${planId}/transitions/${t}`, {
          note: 'passt',
          ...(await transitionExtras(api.staff, planId, t)),
        });
        expect(res.status, `${who} ${t}`).toBe(200);
        expect(res.body.status).toBe(PLAN_TRANSITIONS[t].to);
        const { rows } = await server.app.db.query<{ action: string; details: { from: string; to: string } }>(
          'select action, details from activity where plan_id = $1 and action = $2',
          [planId, `plan.${t}`],
        );
        expect(rows).toHaveLength(1);
        expect(rows[0].details).toMatchObject({ from, to: PLAN_TRANSITIONS[t].to });
      }
    });
  }

  it('refuses transitions from the wrong state with 409 and a clear message', async () => {
    const states: PlanStatus[] = ['draft', 'submitted', 'approved', 'published', 'done', 'withdrawn'];
    for (const status of states) {
      const planId = await planIn(status);
      for (const t of transitions) {
        if ((PLAN_TRANSITIONS[t].from as readonly PlanStatus[]).includes(status)) continue;
        // With a note: request-changes needs one, and this is about the state, not the body.
        const res = await api[ALLOWED[t][0]].post(`/api/plans/${planId}/transitions/${t}`, {
          note: 'passt',
          ...(await transitionExtras(api.staff, planId, t)),
        });
        expect(res.status, `${t} from ${status}`).toBe(409);
        expect(res.body.error.code).toBe('INVALID_TRANSITION');
        expect(res.body.error.message).toContain(status);
      }
    }
  });

  it('request-changes returns a submitted plan to draft', async () => {
    const planId = await planIn('submitted');
    const res = await api.staff.post(`/api/plans/${planId}/transitions/request-changes`, { note: 'Bitte Fluchtweg freihalten' });
    expect(res.body.status).toBe('draft');
  });

  it('request-changes requires a note: without one (or a blank one) 400 naming `note`, the plan stays as it was', async () => {
    const planId = await planIn('submitted');
    for (const body of [{}, { note: '' }, { note: '   ' }]) {
      const res = await api.staff.post(`/api/plans/${planId}/transitions/request-changes`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('note');
      expect((await api.staff.get(`/api/plans/${planId}`)).body.status).toBe('submitted');
    }
    const { rows } = await server.app.db.query('select 1 from approvals where plan_id = $1', [planId]);
    expect(rows).toHaveLength(0);
    const ok = await api.staff.post(`/api/plans/${planId}/transitions/request-changes`, { note: 'Bitte Fluchtweg freihalten' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('draft');
  });

  it('lists plans by what the caller may see, with filters', async () => {
    const planId = await planIn('submitted');
    const mine = await api.designer1.get('/api/plans?status=submitted&limit=200');
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(planId);
    const ownerView = await api.owner1.get(`/api/plans?storefront=${demo.storefrontIds[0]}&limit=200`);
    expect(ownerView.body.items.map((p: { id: string }) => p.id)).toContain(planId);
    const stranger = await api.designer3.get('/api/plans?limit=200');
    expect(stranger.body.items.map((p: { id: string }) => p.id)).not.toContain(planId);
    expect((await api.designer3.get(`/api/plans/${planId}`)).status).toBe(403);
    expect((await api.anonymous.get('/api/plans')).status).toBe(401);
  });

  it('rejects bad plan bodies and unknown transitions', async () => {
    expect((await api.designer1.post('/api/plans', { storefrontId: 'nope', title: 'x' })).status).toBe(400);
    expect((await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0] })).status).toBe(400);
    const planId = await planIn('draft');
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/teleport`, {})).status).toBe(400);
    expect((await api.owner1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: 'Eigentümerplan' })).status).toBe(
      403,
    );
  });
});
