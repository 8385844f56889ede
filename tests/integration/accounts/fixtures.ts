import { randomUUID } from 'node:crypto';
import type { Database } from '@planner/server';
import { createDemoSet, type DemoSet } from '@planner/server/modules/demo/seed';
import { createUser } from '@planner/server/modules/accounts/users';
import { sharedDatabase } from '../../helpers/db.ts';
import type { TestServer } from '../../helpers/server.ts';

/** The roles of the matrix test, seen from one plan (the demo plan in owner1's storefront). */
export const ROLES = ['staff', 'owner', 'otherOwner', 'designer', 'outsider', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];

export interface World {
  demo: DemoSet;
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
 * member; outsider = a designer who is not a member.
 */
export async function createWorld(server: TestServer): Promise<World> {
  const db = await testDb();
  const demo = await createDemoSet(db, { password: PASSWORD, emailSuffix: randomUUID().slice(0, 8) });
  const pick = { staff: demo.users.staff, owner: demo.users.owner1, otherOwner: demo.users.owner2, designer: demo.users.designer1, outsider: demo.users.designer3 };
  const tokens = {} as World['tokens'];
  const userIds = {} as World['userIds'];
  const emails = {} as World['emails'];
  for (const [role, user] of Object.entries(pick) as [keyof typeof pick, (typeof pick)['staff']][]) {
    tokens[role] = await tokenFor(server, user.email, PASSWORD);
    userIds[role] = user.id;
    emails[role] = user.email;
  }
  return { demo, planId: demo.planId, password: PASSWORD, tokens, userIds, emails };
}

export async function tokenFor(server: TestServer, email: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 201) throw new Error(`token for ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A request as `role` (bearer token), JSON in and out. */
export async function api(server: TestServer, world: World | null, role: Role, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (role !== 'anonymous' && world) headers.authorization = `Bearer ${world.tokens[role]}`;
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** A fresh account with no relation to anything. */
export async function freshUser(password = PASSWORD) {
  const db = await testDb();
  return createUser(db, { email: `frisch-${randomUUID()}@test.example`, name: 'Frische Person', password });
}

export const freshEmail = () => `neu-${randomUUID()}@test.example`;
