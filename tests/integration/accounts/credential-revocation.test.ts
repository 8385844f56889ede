import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { connectDoc } from '../../helpers/yjs.ts';
import type { TestServer } from '../../helpers/server.ts';
import { busKind } from '../../helpers/backends.ts';
import { api, freshUser, PASSWORD, testDb, tokenFor, type World } from './fixtures.ts';
import { connectSocket } from './sockets.ts';

/** A stock y-websocket client whose websocket carries extra headers (a browser's cookie and Origin). */
function providerWith(server: TestServer, planId: string, opts: { token?: string; headers?: Record<string, string> }) {
  const client = connectDoc(server.wsUrl, planId, { token: opts.token, headers: opts.headers ?? {} });
  const closes: number[] = [];
  client.provider.on('connection-close', (e: { code?: number } | null) => closes.push(e?.code ?? 0));
  return { ...client, closes };
}

/**
 * Ending a session or revoking a token ends the Yjs connections it opened, on every instance, and no
 * others (socket.io's side is covered in auth.test.ts).
 */
describe(`credentials revoked on one instance close their Yjs connections on another (bus: ${busKind})`, () => {
  let a: TestServer;
  let b: TestServer;
  let world: World;
  const open: { close(): void }[] = [];
  test.beforeAll(({ server, server2, world: w }) => {
    [a, b] = [server, server2];
    world = w;
  });
  afterAll(async () => {
    open.forEach((o) => {
      o.close();
    });
  });

  it('revoking a token closes the connection it opened, not one opened by another token', async () => {
    const t1 = await api(a, world, 'anonymous', 'POST', '/api/auth/token', { email: world.emails.designer, password: PASSWORD });
    const t2 = await api(a, world, 'anonymous', 'POST', '/api/auth/token', { email: world.emails.designer, password: PASSWORD });
    const revoked = providerWith(b, world.planId, { token: t1.body.token });
    const kept = providerWith(b, world.planId, { token: t2.body.token });
    open.push(revoked, kept);
    await Promise.all([revoked.synced, kept.synced]);
    const del = await fetch(`${a.url}/api/auth/tokens/${t1.body.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${t2.body.token}` },
    });
    expect(del.status).toBe(204);
    await expect.poll(() => revoked.closes, { timeout: 2000, interval: 20 }).toContain(4403);
    expect(kept.closes).toEqual([]);
    expect(kept.provider.wsconnected).toBe(true);
  });

  it('signing out closes the Yjs connection of that browser session', async () => {
    const login = await fetch(`${a.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: world.emails.designer, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const browser = providerWith(b, world.planId, { headers: { cookie, origin: b.url } });
    const other = providerWith(b, world.planId, { token: world.tokens.designer });
    open.push(browser, other);
    await Promise.all([browser.synced, other.synced]);
    const out = await fetch(`${a.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, origin: a.url },
    });
    expect(out.status).toBe(204);
    await expect.poll(() => browser.closes, { timeout: 2000, interval: 20 }).toContain(4403);
    expect(other.closes).toEqual([]);
  });

  it('changing the password revokes the bearer tokens and closes what they and the other sessions opened, everywhere', async () => {
    const user = await freshUser();
    await (await testDb()).query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      world.planId,
      user.id,
    ]);
    const signIn = async () => {
      const res = await fetch(`${a.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      });
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    };
    const here = await signIn();
    const elsewhere = await signIn();
    const token = await tokenFor(a, user.email, PASSWORD);
    const byTokenOnA = providerWith(a, world.planId, { token });
    const byTokenOnB = providerWith(b, world.planId, { token });
    const otherSession = providerWith(b, world.planId, { headers: { cookie: elsewhere.cookie, origin: b.url } });
    const thisSession = providerWith(b, world.planId, { headers: { cookie: here.cookie, origin: b.url } });
    open.push(byTokenOnA, byTokenOnB, otherSession, thisSession);
    await Promise.all([byTokenOnA.synced, byTokenOnB.synced, otherSession.synced, thisSession.synced]);
    const { socket } = await connectSocket(b, { token });
    const revokedEvents: unknown[] = [];
    socket!.on('session:revoked', (e) => revokedEvents.push(e));
    let socketGone = false;
    socket!.on('disconnect', () => {
      socketGone = true;
    });
    open.push({ close: () => socket!.close() });

    const change = await fetch(`${a.url}/api/auth/password`, {
      method: 'POST',
      headers: { cookie: here.cookie, 'x-csrf-token': here.csrf, 'content-type': 'application/json', origin: a.url },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'ein-ganz-neues-passwort-7' }),
    });
    expect(change.status).toBe(204);
    // This instance closed its own connection before answering.
    await expect.poll(() => byTokenOnA.closes, { timeout: 500, interval: 10 }).toContain(4403);
    await expect.poll(() => byTokenOnB.closes, { timeout: 2000, interval: 20 }).toContain(4403);
    await expect.poll(() => otherSession.closes, { timeout: 2000, interval: 20 }).toContain(4403);
    await expect.poll(() => socketGone && revokedEvents.length > 0, { timeout: 2000, interval: 20 }).toBe(true);
    expect(thisSession.closes).toEqual([]);
    const asToken = await fetch(`${a.url}/api/auth/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(asToken.status).toBe(401);
  });
});
