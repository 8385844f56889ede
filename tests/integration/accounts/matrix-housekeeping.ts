import type { Action } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { api, freshDraftPlan, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of plan housekeeping (issue 14), kept apart so matrix.test.ts only spreads them in.
 * Each cell acts on a fresh plan in the world's storefront with the world plan's people (designer
 * member, owner member), brought to the state the action needs through the real routes.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
interface Row {
  name: string;
  action: Action;
  expect: Record<Role, Outcome>;
  run(role: Role): Promise<Outcome | number>;
}

export function housekeepingRows(ctx: () => { server: TestServer; world: World }): Row[] {
  const call = (role: Role, method: string, path: string, body?: unknown) => {
    const { server, world } = ctx();
    return api(server, world, role, method, path, body);
  };
  const status = (res: { status: number }, ok: number): Outcome | number => (res.status === ok ? 'ok' : res.status);

  async function plan(state: 'draft' | 'withdrawn' | 'archived' | 'deleted'): Promise<string> {
    const { world } = ctx();
    const id = await freshDraftPlan(world, 'Matrix-Haushalt');
    const steps: [Role, string, string][] =
      state === 'withdrawn'
        ? [['designer', 'POST', 'transitions/withdraw']]
        : state === 'archived'
          ? [
              ['designer', 'POST', 'transitions/withdraw'],
              ['designer', 'POST', 'archive'],
            ]
          : state === 'deleted'
            ? [['designer', 'DELETE', '']]
            : [];
    for (const [role, method, path] of steps) {
      const res = await call(role, method, `/api/plans/${id}${path ? `/${path}` : ''}`, method === 'POST' ? {} : undefined);
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return id;
  }

  const editors = { staff: 'ok', owner: 403, otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 } as const;
  return [
    {
      name: 'POST /api/plans/:id/transitions/reopen',
      action: 'plan.reopen',
      expect: editors,
      run: async (role) => status(await call(role, 'POST', `/api/plans/${await plan('withdrawn')}/transitions/reopen`, {}), 200),
    },
    {
      name: 'PATCH /api/plans/:id {title}',
      action: 'plan.rename',
      expect: editors,
      run: async (role) => status(await call(role, 'PATCH', `/api/plans/${await plan('draft')}`, { title: `Neu ${role}` }), 200),
    },
    {
      name: 'POST /api/plans/:id/archive',
      action: 'plan.archive',
      expect: editors,
      run: async (role) => status(await call(role, 'POST', `/api/plans/${await plan('withdrawn')}/archive`, {}), 200),
    },
    {
      name: 'POST /api/plans/:id/unarchive',
      action: 'plan.archive',
      expect: editors,
      run: async (role) => status(await call(role, 'POST', `/api/plans/${await plan('archived')}/unarchive`, {}), 200),
    },
    {
      name: 'DELETE /api/plans/:id (a never-submitted draft)',
      action: 'plan.delete',
      expect: editors,
      run: async (role) => status(await call(role, 'DELETE', `/api/plans/${await plan('draft')}`), 204),
    },
    {
      name: 'GET /api/plans/deleted',
      action: 'plan.restore',
      expect: { staff: 'ok', owner: 403, otherOwner: 403, designer: 403, outsider: 403, anonymous: 401 },
      run: async (role) => status(await call(role, 'GET', '/api/plans/deleted'), 200),
    },
    {
      name: 'POST /api/plans/:id/restore (a deleted plan: 404 plan.deleted to all but staff)',
      action: 'plan.restore',
      expect: { staff: 'ok', owner: 404, otherOwner: 404, designer: 404, outsider: 404, anonymous: 401 },
      run: async (role) => status(await call(role, 'POST', `/api/plans/${await plan('deleted')}/restore`, {}), 200),
    },
    {
      name: 'POST /api/plans/:id/duplicate',
      action: 'plan.duplicate',
      expect: editors,
      run: async (role) =>
        status(
          await call(role, 'POST', `/api/plans/${await plan('draft')}/duplicate`, { title: 'Kopie', startDate: '2027-05-01' }),
          201,
        ),
    },
  ];
}
