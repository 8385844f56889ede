import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { connectDoc } from '../../helpers/yjs.ts';
import type { TestServer } from '../../helpers/server.ts';
import { busKind } from '../../helpers/backends.ts';
import { api, PASSWORD, type World } from './fixtures.ts';

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
});
