import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { freshUser, PASSWORD, type World } from './fixtures.ts';

async function login(server: TestServer, email: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = (await res.json()) as { csrfToken?: string };
  return { status: res.status, cookie, csrf: body.csrfToken ?? '' };
}

const sessionStatus = async (server: TestServer, cookie: string) =>
  (await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })).status;

describe('password change and user lookup', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  it('needs the current password, ends the other sessions, keeps this one, and the new password works', async () => {
    const user = await freshUser();
    const here = await login(server, user.email, PASSWORD);
    const elsewhere = await login(server, user.email, PASSWORD);
    expect([here.status, elsewhere.status]).toEqual([200, 200]);
    const change = (body: unknown) =>
      fetch(`${server.url}/api/auth/password`, {
        method: 'POST',
        headers: { cookie: here.cookie, 'x-csrf-token': here.csrf, 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify(body),
      });
    const wrong = await change({ currentPassword: 'falsch-falsch', newPassword: 'ein-neues-langes-passwort' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error.key).toBe('auth.wrongCurrentPassword');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'kurz' })).status).toBe(400);
    expect((await change({ currentPassword: PASSWORD, newPassword: 'ein-neues-langes-passwort' })).status).toBe(204);
    expect(await sessionStatus(server, here.cookie)).toBe(200);
    expect(await sessionStatus(server, elsewhere.cookie)).toBe(401);
    expect((await login(server, user.email, PASSWORD)).status).toBe(401);
    expect((await login(server, user.email, 'ein-neues-langes-passwort')).status).toBe(200);
    const { rows } = await server.app.db.query<{ details: unknown }>(
      `select details from activity where actor_id = $1 and action = 'auth.password_changed'`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].details)).not.toContain('ein-neues');
  });

  it('refuses a password change without sign-in', async () => {
    const res = await fetch(`${server.url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'x', newPassword: 'ein-neues-langes-passwort' }),
    });
    expect(res.status).toBe(401);
  });

  it('lets staff find accounts by name or e-mail, and nobody else', async () => {
    const find = (role: 'staff' | 'designer' | 'owner', q: string) =>
      fetch(`${server.url}/api/users?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${world.tokens[role]}` } });
    const res = await find('staff', world.emails.otherOwner);
    expect(res.status).toBe(200);
    const items = ((await res.json()) as { items: { id: string; email: string }[] }).items;
    expect(items.map((u) => u.id)).toEqual([world.userIds.otherOwner]);
    expect(JSON.stringify(items)).not.toMatch(/password|hash/i);
    expect((await find('designer', 'a')).status).toBe(403);
    expect((await find('owner', 'a')).status).toBe(403);
    expect((await fetch(`${server.url}/api/users`)).status).toBe(401);
  });
});
