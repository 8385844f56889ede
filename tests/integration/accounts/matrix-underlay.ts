import type { Action } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { smallPng } from '../../helpers/media.ts';
import { uploadUnderlay } from '../../helpers/underlay.ts';
import { api, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of the floor-plan underlay (issue 17), kept apart so matrix.test.ts only spreads them
 * in. Owner1's storefront holds the world's plan (designer member, owner member); owner2's storefront
 * walks the same rows from the other owner's side.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
interface Row {
  name: string;
  action: Action;
  expect: Record<Role, Outcome>;
  run(role: Role): Promise<Outcome | number>;
}

export function underlayRows(ctx: () => { server: TestServer; world: World }): Row[] {
  const status = (res: { status: number }, ok: number): Outcome | number => (res.status === ok ? 'ok' : res.status);
  const token = (role: Role) => (role === 'anonymous' ? null : ctx().world.tokens[role]);
  const sf = (n: 0 | 1) => ctx().world.demo.storefrontIds[n];
  /** A processed underlay of the storefront, uploaded by staff; returns its id. */
  async function underlay(n: 0 | 1): Promise<string> {
    const { server, world } = ctx();
    const res = await uploadUnderlay(server, world.tokens.staff, sf(n), await smallPng(40));
    if (res.status !== 201) throw new Error(`underlay upload: ${res.status} ${JSON.stringify(res.body)}`);
    await server.app.underlays.queue.idle();
    return res.body.id;
  }
  const read = { staff: 'ok', owner: 'ok', otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 } as const;
  const manage = { staff: 'ok', owner: 'ok', otherOwner: 403, designer: 403, outsider: 403, anonymous: 401 } as const;
  const manageOther = { staff: 'ok', owner: 403, otherOwner: 'ok', designer: 403, outsider: 403, anonymous: 401 } as const;
  return [
    {
      name: 'GET /api/storefronts/:id/underlay (owner1’s storefront, the plan’s)',
      action: 'underlay.read',
      expect: read,
      run: async (role) => status(await api(ctx().server, ctx().world, role, 'GET', `/api/storefronts/${sf(0)}/underlay`), 200),
    },
    {
      name: 'GET /api/storefronts/:id/underlay/:underlayId/image',
      action: 'underlay.read',
      expect: read,
      run: async (role) => {
        const id = await underlay(0);
        return status(await api(ctx().server, ctx().world, role, 'GET', `/api/storefronts/${sf(0)}/underlay/${id}/image`), 200);
      },
    },
    {
      name: 'GET /api/storefronts/:id/underlay (owner2’s storefront: no plan of the world there)',
      action: 'underlay.read',
      expect: { staff: 'ok', owner: 403, otherOwner: 'ok', designer: 403, outsider: 403, anonymous: 401 },
      run: async (role) => status(await api(ctx().server, ctx().world, role, 'GET', `/api/storefronts/${sf(1)}/underlay`), 200),
    },
    {
      name: 'POST /api/storefronts/:id/underlay (multipart)',
      action: 'underlay.manage',
      expect: manage,
      run: async (role) => status(await uploadUnderlay(ctx().server, token(role), sf(0), await smallPng(32)), 201),
    },
    {
      name: 'POST /api/storefronts/:id/underlay (owner2’s storefront)',
      action: 'underlay.manage',
      expect: manageOther,
      run: async (role) => status(await uploadUnderlay(ctx().server, token(role), sf(1), await smallPng(32)), 201),
    },
    {
      name: 'PATCH /api/storefronts/:id/underlay (calibration)',
      action: 'underlay.manage',
      expect: manage,
      run: async (role) => {
        await underlay(0);
        return status(
          await api(ctx().server, ctx().world, role, 'PATCH', `/api/storefronts/${sf(0)}/underlay`, {
            scale: { p1: { x: 2, y: 2 }, p2: { x: 30, y: 2 }, distanceCm: 280 },
            opacity: 0.4,
          }),
          200,
        );
      },
    },
    {
      name: 'DELETE /api/storefronts/:id/underlay',
      action: 'underlay.manage',
      expect: manage,
      run: async (role) => {
        await underlay(0);
        return status(await api(ctx().server, ctx().world, role, 'DELETE', `/api/storefronts/${sf(0)}/underlay`), 204);
      },
    },
  ];
}
