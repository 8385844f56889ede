import { randomUUID } from 'node:crypto';
import type { Database } from '@planner/server';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { demoWithApis, request, tokenFor, type DemoApis } from '../../helpers/api.ts';
import { createUser } from '@planner/server/modules/accounts/users';
import { sharedDatabase } from '../../helpers/db.ts';
import type { TestServer } from '../../helpers/server.ts';

/** The roles of the matrix test, seen from one plan (the demo plan in owner1's storefront). */
export const ROLES = ['staff', 'owner', 'otherOwner', 'designer', 'outsider', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];

export interface World {
  demo: DemoSet;
  /** An API client per demo person (staff, owner1, owner2, designer1, designer2, designer3) and anonymous. */
  api: DemoApis;
  planId: string;
  password: string;
  /** Bearer token per signed-in role. */
  tokens: Record<Exclude<Role, 'anonymous'>, string>;
  userIds: Record<Exclude<Role, 'anonymous'>, string>;
  emails: Record<Exclude<Role, 'anonymous'>, string>;
}

export const PASSWORD = 'richtig-langes-passwort-42';

/** The test's view of the database the server uses (the same PGlite, or the same PostgreSQL). */
export async function testDb(): Promise<Database> {
  return sharedDatabase();
}

/**
 * A fresh demo set (unique e-mails) and a bearer token for each role: staff; owner = owner of the plan's
 * storefront (member with role owner); otherOwner = owner of another storefront; designer = designer
 * member; outsider = a designer who is not a member. Also the demo set's API clients (helpers/api.ts).
 */
export async function createWorld(server: TestServer): Promise<World> {
  const { demo, api: apis } = await demoWithApis(server, { password: PASSWORD });
  const pick = { staff: 'staff', owner: 'owner1', otherOwner: 'owner2', designer: 'designer1', outsider: 'designer3' } as const;
  const tokens = {} as World['tokens'];
  const userIds = {} as World['userIds'];
  const emails = {} as World['emails'];
  for (const [role, key] of Object.entries(pick) as [keyof typeof pick, (typeof pick)[keyof typeof pick]][]) {
    tokens[role] = apis[key].token!;
    userIds[role] = demo.users[key].id;
    emails[role] = demo.users[key].email;
  }
  return { demo, api: apis, planId: demo.planId, password: PASSWORD, tokens, userIds, emails };
}

export { tokenFor };

/** A request as `role` (bearer token), JSON in and out. */
export function api(server: TestServer, world: World | null, role: Role, method: string, path: string, body?: unknown) {
  return request(server, role !== 'anonymous' && world ? world.tokens[role] : null, method, path, body);
}

/** A fresh account with no relation to anything. */
export async function freshUser(password = PASSWORD) {
  const db = await testDb();
  return createUser(db, { email: `frisch-${randomUUID()}@test.example`, name: 'Frische Person', password });
}

export const freshEmail = () => `neu-${randomUUID()}@test.example`;

/** A fresh draft plan in the world's storefront with the world plan's people: its designer, and its owner as owner member. */
export async function freshDraftPlan(world: World, title: string): Promise<string> {
  const db = await testDb();
  const id = randomUUID();
  await db.query(`insert into plans (id, storefront_id, title, created_by) values ($1, $2, $3, $4)`, [
    id,
    world.demo.storefrontIds[0],
    title,
    world.userIds.designer,
  ]);
  await db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer'), ($1, $3, 'owner')`, [
    id,
    world.userIds.designer,
    world.userIds.owner,
  ]);
  return id;
}
