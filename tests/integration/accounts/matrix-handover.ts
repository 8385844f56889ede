import type { Action } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { api, freshDraftPlan, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of handover protocols (issue 18), kept apart so matrix.test.ts only spreads them in.
 * Each uses fresh draft plans in owner1's storefront with the world's designer as lead (its creator) and
 * owner1 as owner member; a confirmation is made once per side, so those rows take a fresh plan per cell.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
interface Row {
  name: string;
  action: Action;
  expect: Record<Role, Outcome>;
  run(role: Role): Promise<Outcome | number>;
}

export function handoverRows(ctx: () => { server: TestServer; world: World }): Row[] {
  const status = (res: { status: number }, ok: number): Outcome | number => (res.status === ok ? 'ok' : res.status);
  const call = (role: Role, method: string, path: string, body?: unknown) =>
    api(ctx().server, ctx().world, role, method, path, body);
  /** A fresh plan with a move-in protocol (created by staff); returns the protocol's base path. */
  const protocol = async (title: string) => {
    const planId = await freshDraftPlan(ctx().world, title);
    const res = await call('staff', 'POST', `/api/plans/${planId}/handover`, { kind: 'einzug' });
    if (res.status !== 201) throw new Error(`handover: ${res.status} ${JSON.stringify(res.body)}`);
    return `/api/plans/${planId}/handover/einzug`;
  };
  let shared: Promise<string> | null = null;
  let locked: Promise<string> | null = null;
  const openOne = () => {
    shared ??= protocol('Übergabe-Matrix offen');
    return shared;
  };
  const lockedOne = () => {
    locked ??= (async () => {
      const base = await protocol('Übergabe-Matrix gesperrt');
      const a = await call('owner', 'POST', `${base}/confirm`, { side: 'owner', name: 'Olaf Oster', agreed: true });
      const b = await call('designer', 'POST', `${base}/confirm`, { side: 'designer', name: 'Greta Grafik', agreed: true });
      if (a.status !== 200 || b.status !== 200 || !b.body.lockedAt) throw new Error(`lock: ${a.status} ${b.status}`);
      return base;
    })();
    return locked;
  };
  const read = { staff: 'ok', owner: 'ok', otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 } as const;
  const edit = { staff: 'ok', owner: 403, otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 } as const;
  return [
    {
      name: 'GET /api/plans/:planId/handover/:kind',
      action: 'handover.read',
      expect: read,
      run: async (role) => status(await call(role, 'GET', await openOne()), 200),
    },
    {
      name: 'PATCH /api/plans/:planId/handover/:kind (before the lock)',
      action: 'handover.edit',
      expect: edit,
      run: async (role) =>
        status(await call(role, 'PATCH', await openOne(), { meters: { power: { value: `von ${role}` } } }), 200),
    },
    {
      name: 'POST /api/plans/:planId/handover/:kind/confirm (owner side; staff for a caretaker)',
      action: 'handover.confirmOwner',
      expect: { staff: 'ok', owner: 'ok', otherOwner: 403, designer: 403, outsider: 403, anonymous: 401 },
      run: async (role) =>
        status(
          await call(role, 'POST', `${await protocol(`Übergabe-Matrix ${role}`)}/confirm`, {
            side: 'owner',
            name: 'Herr Yilmaz',
            agreed: true,
            caretaker: role === 'staff',
          }),
          200,
        ),
    },
    {
      name: 'POST /api/plans/:planId/handover/:kind/confirm (designer side: the lead)',
      action: 'handover.confirmDesigner',
      expect: { staff: 403, owner: 403, otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 },
      run: async (role) =>
        status(
          await call(role, 'POST', `${await protocol(`Übergabe-Matrix ${role}`)}/confirm`, {
            side: 'designer',
            name: 'Greta',
            agreed: true,
          }),
          200,
        ),
    },
    {
      name: 'POST /api/plans/:planId/handover/:kind/addenda (after the lock)',
      action: 'handover.addendum',
      expect: edit,
      run: async (role) =>
        status(await call(role, 'POST', `${await lockedOne()}/addenda`, { text: `Nachtrag von ${role}` }), 201),
    },
  ];
}
