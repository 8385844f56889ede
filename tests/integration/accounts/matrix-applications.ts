import { randomUUID } from 'node:crypto';
import type { Action } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { insertCall } from '../applications/fixtures.ts';
import { createUser } from '@planner/server/modules/accounts/users';
import { request } from '../../helpers/api.ts';
import { PASSWORD, api, testDb, tokenFor, type Role, type World } from './fixtures.ts';

/**
 * The matrix rows of applications to open calls (issue 16), kept apart so matrix.test.ts only spreads
 * them in. Every cell gets a fresh call (inserted with SQL: the calls module is another capability's)
 * with owner1's storefront, and where it reads or changes an application, a fresh one of the world's
 * designer (the `applicant` column); staff read it, owners and the outsider have no relation to it.
 * The columns `juror` and `applicant` of other people are walked in tests/integration/applications.
 */
type Outcome = 'ok' | 401 | 403 | 404 | 409;
interface Row {
  name: string;
  action: Action;
  expect: Record<Role, Outcome>;
  run(role: Role): Promise<Outcome | number>;
}

export function applicationRows(ctx: () => { server: TestServer; world: World }): Row[] {
  const status = (res: { status: number }, ok: number): Outcome | number => (res.status === ok ? 'ok' : res.status);
  const call = async () => insertCall(await testDb(), { storefrontIds: [ctx().world.demo.storefrontIds[0]] });
  /** A fresh call with a complete draft of the world's designer; returns the application's id. */
  async function designerApplication(): Promise<string> {
    const { server, world } = ctx();
    const c = await call();
    const res = await api(server, world, 'designer', 'POST', `/api/application-forms/${c.slug}`, {
      draft: { concept: 'Matrix', storefronts: [{ storefrontId: c.storefrontIds[0], rank: 1 }], consent: true },
    });
    if (res.status !== 201) throw new Error(`application: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.application.id;
  }
  const applicant = { staff: 403, owner: 403, otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 } as const;
  const onApplication = (name: string, method: string, suffix: string, ok: number, body?: unknown): Row => ({
    name,
    action: 'application.edit',
    expect: applicant,
    run: async (role) => {
      const id = await designerApplication();
      return status(await api(ctx().server, ctx().world, role, method, `/api/applications/${id}${suffix}`, body), ok);
    },
  });
  return [
    {
      name: 'GET /api/application-forms/:slug (a published call)',
      action: 'call.read',
      expect: { staff: 'ok', owner: 'ok', otherOwner: 'ok', designer: 'ok', outsider: 'ok', anonymous: 'ok' },
      run: async (role) =>
        status(await api(ctx().server, ctx().world, role, 'GET', `/api/application-forms/${(await call()).slug}`), 200),
    },
    {
      name: 'POST /api/application-forms/:slug (owner1’s storefront; anonymous with a new account)',
      action: 'application.create',
      expect: { staff: 403, owner: 403, otherOwner: 'ok', designer: 'ok', outsider: 'ok', anonymous: 'ok' },
      run: async (role) => {
        const body =
          role === 'anonymous'
            ? { account: { name: 'Matrix', email: `matrix-${randomUUID()}@test.example`, password: 'matrix-passwort-lang' } }
            : {};
        return status(
          await api(ctx().server, ctx().world, role, 'POST', `/api/application-forms/${(await call()).slug}`, body),
          201,
        );
      },
    },
    {
      name: 'GET /api/applications/:applicationId (the designer’s application)',
      action: 'application.read',
      expect: { staff: 'ok', owner: 403, otherOwner: 403, designer: 'ok', outsider: 403, anonymous: 401 },
      run: async (role) =>
        status(await api(ctx().server, ctx().world, role, 'GET', `/api/applications/${await designerApplication()}`), 200),
    },
    onApplication('PATCH /api/applications/:applicationId (autosave)', 'PATCH', '', 200, { concept: 'geändert' }),
    onApplication('POST /api/applications/:applicationId/submit', 'POST', '/submit', 200),
    onApplication('POST /api/applications/:applicationId/withdraw', 'POST', '/withdraw', 200),
    onApplication('DELETE /api/applications/:applicationId', 'DELETE', '', 204),
    onApplication('POST /api/applications/:applicationId/members (a co-applicant)', 'POST', '/members', 201, {
      email: `co-${randomUUID()}@test.example`,
    }),
    onApplication('POST /api/applications/:applicationId/verification', 'POST', '/verification', 202),
  ];
}

/**
 * The call columns seen from people the six roles above do not cover: the applicant of *another*
 * application of the same call (refused everywhere), and a juror of the call (holding the juror role:
 * reads, never edits). Returns each request's status by name.
 */
export async function otherRelations(ctx: () => { server: TestServer; world: World }): Promise<Record<string, number>> {
  const { server, world } = ctx();
  const db = await testDb();
  const c = await insertCall(db, { storefrontIds: [world.demo.storefrontIds[1]] });
  const mine = await api(server, world, 'designer', 'POST', `/api/application-forms/${c.slug}`, { draft: { concept: 'Meins' } });
  const theirs = await api(server, world, 'outsider', 'POST', `/api/application-forms/${c.slug}`, {
    draft: { concept: 'Fremd' },
  });
  if (mine.status !== 201 || theirs.status !== 201) throw new Error(`applications: ${mine.status} ${theirs.status}`);
  const id = mine.body.application.id as string;
  const juror = await createUser(db, {
    email: `juror-${randomUUID()}@test.example`,
    name: 'Jurorin',
    password: PASSWORD,
    roles: ['juror'],
  });
  await db.query('insert into call_jurors (call_id, user_id) values ($1, $2)', [c.id, juror.id]);
  const jurorToken = await tokenFor(server, juror.email, PASSWORD);
  const as = (token: string, method: string, suffix = '', body?: unknown) =>
    request(server, token, method, `/api/applications/${id}${suffix}`, body);
  const other = world.tokens.outsider;
  return {
    'other applicant GET': (await as(other, 'GET')).status,
    'other applicant PATCH': (await as(other, 'PATCH', '', { concept: 'x' })).status,
    'other applicant submit': (await as(other, 'POST', '/submit')).status,
    'other applicant withdraw': (await as(other, 'POST', '/withdraw')).status,
    'other applicant members': (await as(other, 'POST', '/members', { email: `x-${randomUUID()}@test.example` })).status,
    'other applicant DELETE': (await as(other, 'DELETE')).status,
    'juror GET': (await as(jurorToken, 'GET')).status,
    'juror PATCH': (await as(jurorToken, 'PATCH', '', { concept: 'x' })).status,
    'juror DELETE': (await as(jurorToken, 'DELETE')).status,
  };
}
