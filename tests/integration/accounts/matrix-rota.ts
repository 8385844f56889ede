import { randomUUID } from 'node:crypto';
import type { Action } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { api, freshDraftPlan, testDb, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of the duty rota (issue 18), kept apart so matrix.test.ts only spreads them in. They
 * use a plan of their own, created on first use (the world's designer leads it, owner1 is its owner
 * member): earlier rows change the world plan's team.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
interface Row {
  name: string;
  action: Action;
  expect: Record<Role, Outcome>;
  run(role: Role): Promise<Outcome | number>;
}

export function rotaRows(ctx: () => { server: TestServer; world: World }): Row[] {
  const status = (res: { status: number }, ok: number): Outcome | number => (res.status === ok ? 'ok' : res.status);
  const call = (role: Role, method: string, path: string, body?: unknown) =>
    api(ctx().server, ctx().world, role, method, path, body);
  let plan: Promise<string> | null = null;
  const planId = () => {
    plan ??= freshDraftPlan(ctx().world, 'Aufsicht-Matrix');
    return plan;
  };
  let n = 0;
  /** A fresh shift of the plan, made by staff. */
  async function shift(): Promise<string> {
    const start = Date.UTC(2031, 0, 1, 10) + n++ * 86_400_000;
    const res = await call('staff', 'POST', `/api/plans/${await planId()}/rota/shifts`, {
      start: new Date(start).toISOString(),
      end: new Date(start + 3_600_000).toISOString(),
      minPeople: 1,
    });
    if (res.status !== 201) throw new Error(`rota matrix shift: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
  const read = { staff: 'ok', owner: 'ok', otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 } as const;
  const shiftRole = { staff: 'ok', owner: 403, otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 } as const;
  return [
    {
      name: 'GET /api/plans/:planId/rota',
      action: 'rota.read',
      expect: read,
      run: async (role) => status(await call(role, 'GET', `/api/plans/${await planId()}/rota`), 200),
    },
    {
      name: 'POST /api/plans/:planId/rota/shifts',
      action: 'rota.manage',
      expect: shiftRole,
      run: async (role) =>
        status(
          await call(role, 'POST', `/api/plans/${await planId()}/rota/shifts`, {
            start: '2031-02-01T10:00:00+01:00',
            end: '2031-02-01T12:00:00+01:00',
            minPeople: 1,
          }),
          201,
        ),
    },
    {
      name: 'POST /api/plans/:planId/rota/shifts/:shiftId/assignments (an external contact; the lead designer)',
      action: 'rota.assign',
      expect: shiftRole,
      run: async (role) => {
        const id = await planId();
        const contact = await call('staff', 'POST', `/api/plans/${id}/rota/contacts`, { name: `Kontakt ${role}` });
        const s = await shift();
        return status(
          await call(role, 'POST', `/api/plans/${id}/rota/shifts/${s}/assignments`, { contactId: contact.body.id }),
          200,
        );
      },
    },
    {
      name: 'POST /api/plans/:planId/rota/shifts/:shiftId/signup',
      action: 'rota.signUp',
      expect: shiftRole,
      run: async (role) =>
        status(await call(role, 'POST', `/api/plans/${await planId()}/rota/shifts/${await shift()}/signup`), 200),
    },
    {
      name: 'POST /api/plans/:planId/rota/assignments/:assignmentId/swap (one’s own shift)',
      action: 'rota.swap',
      expect: shiftRole,
      run: async (role) => {
        const { world } = ctx();
        const id = await planId();
        const s = await shift();
        // The caller is on the shift (written directly: owners and outsiders cannot sign up themselves).
        const assignmentId = randomUUID();
        const userId = role === 'anonymous' ? world.userIds.designer : world.userIds[role];
        await (await testDb()).query('insert into rota_assignments (id, shift_id, user_id) values ($1, $2, $3)', [
          assignmentId,
          s,
          userId,
        ]);
        return status(await call(role, 'POST', `/api/plans/${id}/rota/assignments/${assignmentId}/swap`), 200);
      },
    },
  ];
}
