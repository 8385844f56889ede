import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { Writable } from 'node:stream';
import { buildApp, loadConfig, MemoryPubSub } from '@planner/server';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { DATABASE_URL, REDIS_URL } from '../../helpers/backends.ts';
import { PASSWORD, freshEmail, freshUser, testDb } from './fixtures.ts';
import { connectSocket } from './sockets.ts';

/** Signs in through the API; returns the cookie header to send back and the CSRF token. */
async function login(server: TestServer, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  const setCookies = res.headers.getSetCookie();
  const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
  const body = (await res.json()) as any;
  return { res, body, setCookies, cookie, csrf: body.csrfToken as string };
}

describe('sessions, cookies, CSRF and tokens', () => {
  let server: TestServer;
  test.beforeAll(({ server: s }) => {
    server = s;
  });

  it('signs in with a session cookie that is httpOnly and SameSite=Lax, and never returns the password', async () => {
    const user = await freshUser();
    const { res, body, setCookies, cookie } = await login(server, user.email.toUpperCase());
    expect(res.status).toBe(200);
    expect(body.user).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      locale: 'de',
      staff: false,
      roles: ['designer'],
    });
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(JSON.stringify(body)).not.toMatch(/argon2/);
    const session = setCookies.find((c) => c.startsWith('kq_session='))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
    expect(session).not.toMatch(/; Secure/i);
    const csrf = setCookies.find((c) => c.startsWith('kq_csrf='))!;
    expect(csrf).not.toMatch(/HttpOnly/i);
    const me = await fetch(`${server.url}/api/auth/session`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).user.id).toBe(user.id);
  });

  it('refuses a wrong password with a German and English message, and audits both outcomes', async () => {
    const user = await freshUser();
    const { res, body } = await login(server, user.email, 'falsches-passwort');
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.key).toBe('auth.invalidCredentials');
    expect(body.error.message).toContain('Wrong e-mail address or password');
    await login(server, user.email);
    const db = await testDb();
    const { rows } = await db.query<{ action: string; actor_id: string | null }>(
      `select action, actor_id from activity where (subject_id = $1 or subject_id = $2) order by id`,
      [user.email, user.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['auth.login_failed', 'auth.login']);
    expect(rows[1].actor_id).toBe(user.id);
  });

  it('protects cookie-authenticated writes against CSRF, and logs out', async () => {
    const user = await freshUser();
    const { cookie, csrf } = await login(server, user.email);
    const without = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(without.status).toBe(403);
    expect(((await without.json()) as any).error.code).toBe('CSRF');
    const wrong = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf + 'x' },
    });
    expect(wrong.status).toBe(403);
    const ok = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(ok.status).toBe(204);
    expect((await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a sign-in posted from another site', async () => {
    const user = await freshUser();
    const { res } = await login(server, user.email, PASSWORD, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const same = await login(server, user.email, PASSWORD, { origin: server.url });
    expect(same.res.status).toBe(200);
  });

  it('ends sessions after the idle time and after the absolute lifetime', async () => {
    const user = await freshUser();
    const db = await testDb();
    const a = await login(server, user.email);
    expect((await fetch(`${server.url}/api/auth/session`, { headers: { cookie: a.cookie } })).status).toBe(200);
    await db.query(`update sessions set last_seen_at = now() - interval '8 days' where user_id = $1`, [user.id]);
    expect((await fetch(`${server.url}/api/auth/session`, { headers: { cookie: a.cookie } })).status).toBe(401);
    const c = await login(server, user.email);
    await db.query(`update sessions set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    expect((await fetch(`${server.url}/api/auth/session`, { headers: { cookie: c.cookie } })).status).toBe(401);
  });

  it('authenticates socket.io by the session cookie and disconnects it on logout', async () => {
    const user = await freshUser();
    const { cookie, csrf } = await login(server, user.email);
    // A page of another site cannot use the cookie (cross-site websocket hijacking).
    expect((await connectSocket(server, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    const { socket } = await connectSocket(server, { cookie, origin: server.url });
    expect(socket?.connected).toBe(true);
    let reason = '';
    socket!.on('disconnect', (r) => (reason = r));
    await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    await expect.poll(() => reason, { timeout: 2000 }).toBe('io server disconnect');
    expect((await connectSocket(server, { cookie })).status).toBe(401);
  });

  it('logs out everywhere', async () => {
    const user = await freshUser();
    const a = await login(server, user.email);
    const b = await login(server, user.email);
    const res = await fetch(`${server.url}/api/auth/logout-all`, {
      method: 'POST',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(res.status).toBe(204);
    expect((await fetch(`${server.url}/api/auth/session`, { headers: { cookie: b.cookie } })).status).toBe(401);
  });

  it('issues bearer tokens that work without CSRF, are stored hashed, and can be revoked', async () => {
    const user = await freshUser();
    const res = await fetch(`${server.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD, name: 'Skript' }),
    });
    expect(res.status).toBe(201);
    const { id, token } = (await res.json()) as { id: string; token: string };
    const db = await testDb();
    const { rows } = await db.query<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [id]);
    expect(rows[0].token_hash).not.toContain(token);
    const auth = { authorization: `Bearer ${token}` };
    const list = await fetch(`${server.url}/api/auth/tokens`, { headers: auth });
    expect(((await list.json()) as any).tokens.map((t: any) => t.name)).toEqual(['Skript']);
    const revoke = await fetch(`${server.url}/api/auth/tokens/${id}`, { method: 'DELETE', headers: auth });
    expect(revoke.status).toBe(204);
    expect((await fetch(`${server.url}/api/auth/session`, { headers: auth })).status).toBe(401);
  });

  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const secure = await startServer({ env: { PUBLIC_URL: 'https://planer.example.org' } });
    try {
      const user = await freshUser();
      const { setCookies } = await login(secure, user.email);
      expect(setCookies.length).toBeGreaterThanOrEqual(2);
      for (const c of setCookies) expect(c).toMatch(/; Secure/i);
    } finally {
      await secure.close();
    }
  });
});

describe('passwords never appear in logs, responses or the database', () => {
  it('keeps the password out of every log line at trace level', async () => {
    let logs = '';
    const stream = new Writable({
      write(chunk, _enc, cb) {
        logs += chunk.toString();
        cb();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATABASE_URL, REDIS_URL, DEMO_DATA: 'false' });
    const db = config.databaseUrl ? undefined : await testDb();
    const bus = config.redis ? undefined : new MemoryPubSub();
    const app = await buildApp({ config, db, bus, logger: { level: 'trace', stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const server = { url: `http://127.0.0.1:${port}` } as TestServer;
    const secret = 'geheimes-passwort-' + Math.random().toString(36).slice(2);
    try {
      const user = await freshUser(secret);
      const bodies: string[] = [];
      for (const password of [secret, secret + '-falsch']) {
        const res = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password }),
        });
        bodies.push(await res.text());
      }
      const tokenRes = await fetch(`${server.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: secret }),
      });
      bodies.push(await tokenRes.text());
      // An invitation accepted with a new password.
      const staff = await (await import('@planner/server/modules/accounts/users')).createUser(await testDb(), {
        email: freshEmail(),
        name: 'Staff',
        password: secret,
        staff: true,
      });
      const staffToken = (
        (await (
          await fetch(`${server.url}/api/auth/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: staff.email, password: secret }),
          })
        ).json()) as any
      ).token;
      const created = await fetch(`${server.url}/api/invitations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
        body: JSON.stringify({ email: freshEmail(), role: 'designer' }),
      });
      const link = ((await created.json()) as any).url as string;
      const accept = await fetch(`${server.url}/api/invitations/${link.split('/').pop()}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Neue Person', password: secret + '-neu' }),
      });
      expect(accept.status).toBe(200);
      bodies.push(await accept.text());
      expect(logs.length).toBeGreaterThan(0);
      expect(logs).not.toContain(secret);
      for (const b of bodies) expect(b).not.toContain(secret);
      const dbRows = await (await testDb()).query<{ t: string }>(
        `select coalesce(string_agg(details::text, ' '), '') as t from activity where subject_id in ($1, $2)`,
        [user.id, user.email],
      );
      expect(dbRows.rows[0].t).not.toContain(secret);
      const hashes = await (await testDb()).query<{ password_hash: string }>('select password_hash from users where id = $1', [
        user.id,
      ]);
      expect(hashes.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await app.close();
      await bus?.close();
    }
  });
});
