import { randomUUID } from 'node:crypto';
import type { Action } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { smallPng } from '../../helpers/media.ts';
import { uploadUnderlay } from '../../helpers/underlay.ts';
import { api, testDb, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of the floor-plan underlay (issue 17), kept apart so matrix.test.ts only spreads them
 * in. They use two storefronts of their own, created on first use: one of owner1 holding a plan with the
 * world's designer (and owner1) as members, and one of owner2 with no plan. The demo storefronts would
 * not do: earlier rows let the outsider and the designer create plans there, which makes them members.
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
  const own: Promise<[string, string]>[] = [];
  /** Storefront `n` of these rows (0: owner1's with the plan, 1: owner2's without a plan). */
  const storefronts = () => {
    own[0] ??= (async () => {
      const { world } = ctx();
      const db = await testDb();
      const ids: [string, string] = [randomUUID(), randomUUID()];
      const owners = [world.userIds.owner, world.userIds.otherOwner];
      for (const [i, id] of ids.entries()) {
        await db.query(
          `insert into storefronts (id, quarter_id, title, address, lat, lng, area_m2, outline, owner_id)
           select $1, quarter_id, $2, address, lat, lng, area_m2, outline, $3 from storefronts where id = $4`,
          [id, `Unterlage-Matrix ${id.slice(0, 6)}`, owners[i], world.demo.storefrontIds[i]],
        );
      }
      const planId = randomUUID();
      await db.query(`insert into plans (id, storefront_id, title, created_by) values ($1, $2, 'Unterlage-Matrix', $3)`, [
        planId,
        ids[0],
        world.userIds.designer,
      ]);
      await db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer'), ($1, $3, 'owner')`, [
        planId,
        world.userIds.designer,
        world.userIds.owner,
      ]);
      return ids;
    })();
    return own[0];
  };
  let ids: [string, string] | null = null;
  const sf = (n: 0 | 1) => {
    if (!ids) throw new Error('underlay matrix storefronts not created yet');
    return ids[n];
  };
  const ready = async () => {
    ids = await storefronts();
  };
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
  const rows: Row[] = [
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
  return rows.map((row) => ({
    ...row,
    run: async (role: Role) => {
      await ready();
      return row.run(role);
    },
  }));
}
