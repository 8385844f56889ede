import { randomUUID } from 'node:crypto';
import type { Action } from '@planner/shared';
import { createUser } from '@planner/server/modules/accounts/users';
import type { TestServer } from '../../helpers/server.ts';
import { request, tokenFor } from '../../helpers/api.ts';
import { callBody } from '../calls/helpers.ts';
import { PASSWORD, api, freshEmail, testDb, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of open calls and exposés (issue 16), kept apart so matrix.test.ts only spreads them
 * in. The exposé rows use owner1's demo storefront (the world's `owner`); the call rows use calls staff
 * create on first use through the real routes.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
interface Row {
  name: string;
  action: Action;
  expect: Record<Role, Outcome>;
  run(role: Role): Promise<Outcome | number>;
}

const everyone = { staff: 'ok', owner: 'ok', otherOwner: 'ok', designer: 'ok', outsider: 'ok', anonymous: 'ok' } as const;
const signedIn = { ...everyone, anonymous: 401 } as const;
const staffOnly = { staff: 'ok', owner: 403, otherOwner: 403, designer: 403, outsider: 403, anonymous: 401 } as const;
const ownerAndStaff = { ...staffOnly, owner: 'ok' } as const;

export function callRows(ctx: () => { server: TestServer; world: World }): Row[] {
  const call = (role: Role, method: string, path: string, body?: unknown) => {
    const { server, world } = ctx();
    return api(server, world, role, method, path, body);
  };
  const status = (res: { status: number }, ok: number): Outcome | number => (res.status === ok ? 'ok' : res.status);
  const sfs = () => ctx().world.demo.storefrontIds;

  /** A fresh call (draft unless `publish`), created by staff; a big viewing slot so every role can book. */
  async function fresh(publish: boolean) {
    const body = callBody([...sfs()], {
      viewings: [{ storefrontId: sfs()[0], start: '2030-04-01T10:00', end: '2030-04-01T11:00', capacity: 50 }],
      deadline: '2030-03-01T12:00',
    });
    const created = await call('staff', 'POST', '/api/calls', body);
    if (created.status !== 201) throw new Error(`call: ${created.status} ${JSON.stringify(created.body)}`);
    if (!publish) return created.body;
    const published = await call('staff', 'POST', `/api/calls/${created.body.id}/publish`, {});
    if (published.status !== 200) throw new Error(`publish: ${published.status}`);
    return published.body;
  }
  let shared: Promise<{ id: string; slug: string; viewings: { id: string }[] }> | null = null;
  const published = () => {
    shared ??= fresh(true);
    return shared;
  };
  let offered: Promise<void> | null = null;
  const offer = () => {
    offered ??= (async () => {
      const res = await call('staff', 'PUT', `/api/storefronts/${sfs()[0]}/expose`, {
        offered: true,
        publicGroups: ['floor_plan', 'dimensions'],
      });
      if (res.status !== 200) throw new Error(`expose: ${res.status}`);
    })();
    return offered;
  };

  return [
    {
      name: 'GET /api/public/exposes/:storefrontId (an offered storefront)',
      action: 'expose.read',
      expect: everyone,
      run: async (role) => {
        await offer();
        return status(await call(role, 'GET', `/api/public/exposes/${sfs()[0]}`), 200);
      },
    },
    {
      name: 'GET /api/storefronts/:storefrontId/expose (the consent panel)',
      action: 'expose.manage',
      expect: ownerAndStaff,
      run: async (role) => status(await call(role, 'GET', `/api/storefronts/${sfs()[0]}/expose`), 200),
    },
    {
      name: 'PUT /api/storefronts/:storefrontId/expose (owner1’s storefront)',
      action: 'expose.manage',
      expect: ownerAndStaff,
      run: async (role) =>
        status(
          await call(role, 'PUT', `/api/storefronts/${sfs()[0]}/expose`, {
            offered: true,
            publicGroups: ['floor_plan', 'dimensions'],
          }),
          200,
        ),
    },
    {
      name: 'GET /api/public/calls/:slug (a published call)',
      action: 'call.read',
      expect: everyone,
      run: async (role) => status(await call(role, 'GET', `/api/public/calls/${(await published()).slug}`), 200),
    },
    {
      name: 'GET /api/public/calls/:slug (a draft: nobody, not even staff, through the public route)',
      action: 'call.read',
      expect: { staff: 404, owner: 404, otherOwner: 404, designer: 404, outsider: 404, anonymous: 404 },
      run: async (role) => status(await call(role, 'GET', `/api/public/calls/${(await fresh(false)).slug}`), 200),
    },
    {
      name: 'GET /api/calls (every call, drafts too)',
      action: 'call.manage',
      expect: staffOnly,
      run: async (role) => status(await call(role, 'GET', '/api/calls'), 200),
    },
    {
      name: 'POST /api/calls',
      action: 'call.manage',
      expect: staffOnly,
      run: async (role) =>
        status(await call(role, 'POST', '/api/calls', callBody([...sfs()], { deadline: '2030-03-01T12:00' })), 201),
    },
    {
      name: 'PATCH /api/calls/:callId',
      action: 'call.manage',
      expect: staffOnly,
      run: async (role) =>
        status(await call(role, 'PATCH', `/api/calls/${(await published()).id}`, { body: `von ${role}` }), 200),
    },
    {
      name: 'POST /api/calls/:callId/publish (a fresh draft)',
      action: 'call.manage',
      expect: staffOnly,
      run: async (role) => status(await call(role, 'POST', `/api/calls/${(await fresh(false)).id}/publish`, {}), 200),
    },
    {
      name: 'POST /api/calls/:callId/extend (a fresh call)',
      action: 'call.manage',
      expect: staffOnly,
      run: async (role) =>
        status(await call(role, 'POST', `/api/calls/${(await fresh(true)).id}/extend`, { deadline: '2030-03-15T12:00' }), 200),
    },
    {
      name: 'POST /api/calls/:callId/cancel (a fresh call)',
      action: 'call.manage',
      expect: staffOnly,
      run: async (role) =>
        status(await call(role, 'POST', `/api/calls/${(await fresh(true)).id}/cancel`, { reason: 'Matrix' }), 200),
    },
    {
      name: 'PUT /api/calls/:callId/jurors',
      action: 'call.juryManage',
      expect: staffOnly,
      run: async (role) =>
        status(
          await call(role, 'PUT', `/api/calls/${(await published()).id}/jurors`, { userIds: [ctx().world.userIds.staff] }),
          200,
        ),
    },
    {
      name: 'POST /api/calls/:callId/juror-invitations',
      action: 'call.juryManage',
      expect: staffOnly,
      run: async (role) =>
        status(await call(role, 'POST', `/api/calls/${(await published()).id}/juror-invitations`, { email: freshEmail() }), 201),
    },
    {
      name: 'POST /api/calls/:callId/viewings/:viewingId/booking (own booking)',
      action: 'viewing.book',
      expect: signedIn,
      run: async (role) => {
        const c = await published();
        return status(await call(role, 'POST', `/api/calls/${c.id}/viewings/${c.viewings[0].id}/booking`, {}), 201);
      },
    },
    {
      name: 'GET /api/calls/:callId (the jury’s view; no juror among these roles)',
      action: 'jury.score',
      expect: staffOnly,
      run: async (role) => status(await call(role, 'GET', `/api/calls/${(await published()).id}`), 200),
    },
  ];
}

/**
 * The juror column (issue 16): an external juror of call A sees A's jury view and nothing of call B;
 * a designer account is refused both; staff see both. The Role set of the matrix has no juror, so this
 * is its own small table: `run(who, which)` answers for each pair.
 */
export async function jurorWorld(server: TestServer, world: World) {
  const staff = world.tokens.staff;
  const make = async () => {
    const res = await request(
      server,
      staff,
      'POST',
      '/api/calls',
      callBody([...world.demo.storefrontIds], { deadline: '2030-03-01T12:00' }),
    );
    if (res.status !== 201) throw new Error(`call: ${res.status}`);
    return res.body.id as string;
  };
  const [a, b] = [await make(), await make()];
  const db = await testDb();
  const jurorOfA = await createUser(db, { email: freshEmail(), name: 'Juror A', password: PASSWORD, roles: ['juror'] });
  const jurorOfB = await createUser(db, { email: freshEmail(), name: 'Juror B', password: PASSWORD, roles: ['juror'] });
  // A designer who is a juror row of A but holds no juror role: the relationship alone grants nothing.
  const roleless = await createUser(db, {
    email: freshEmail(),
    name: `Ohne Rolle ${randomUUID().slice(0, 4)}`,
    password: PASSWORD,
    roles: ['designer'],
  });
  for (const [call, user] of [
    [a, jurorOfA.id],
    [b, jurorOfB.id],
    [a, roleless.id],
  ] as const) {
    await db.query(`insert into call_jurors (call_id, user_id) values ($1, $2)`, [call, user]);
  }
  const tokens = {
    staff,
    jurorOfA: await tokenFor(server, jurorOfA.email, PASSWORD),
    jurorOfB: await tokenFor(server, jurorOfB.email, PASSWORD),
    rolelessJurorRow: await tokenFor(server, roleless.email, PASSWORD),
  };
  return { a, b, tokens };
}
