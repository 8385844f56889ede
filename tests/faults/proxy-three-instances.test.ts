import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@planner/shared';
import { hasRedisServer } from '../helpers/private-redis.ts';
import { hasNginx, startNginx } from '../helpers/proxy.ts';
import { freePort } from '../helpers/private-redis.ts';
import { EditClient, convergence } from './helpers/edits.ts';
import { clientAddress, httpFrom, startCluster, type Cluster } from './helpers/proxy-cluster.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The shipped proxy in front of three instances (issue 21): Debian's nginx runs the repository's
 * nginx.conf.template, rendered as docker-compose.yml renders it, with only the upstream addresses
 * replaced. Through it: stock y-websocket clients spread over the instances and converge; a socket.io
 * client in polling-only mode, signed in with a cookie, gets a comment event posted on another instance;
 * cookies and CSRF work; X-Forwarded-For is believed from the proxy only.
 */
describe.runIf(hasNginx() && hasRedisServer())('three instances behind the shipped nginx configuration', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({
      databaseUrl: process.env.DATABASE_URL!,
      // Long enough to look at a draining instance through the proxy.
      drainMs: 4000,
      // The per-IP sign-in limit shows which address an instance believes.
      env: { LOGIN_MAX_FAILURES_PER_IP: '3' },
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('20 stock y-websocket clients from different addresses are spread over the instances and converge', async () => {
    const clients = Array.from(
      { length: 20 },
      (_, i) =>
        new EditClient(`spread${i}`, cluster.planId, cluster.tokens[i % 3], {
          wsUrl: cluster.nginx.wsUrl,
          localAddress: clientAddress(i),
        }),
    );
    try {
      await Promise.all(clients.map((c) => c.synced()));
      const from = Date.now();
      for (let round = 0; round < 5; round++) {
        for (const c of clients) c.edit();
        await sleep(50);
      }
      const ms = await convergence(clients, [], from);
      expect(clients[0].items().filter((v) => v.startsWith('spread')).length).toBe(100);
      for (const c of clients) c.close();

      // nginx writes a websocket's line when it closes: which instance each client's upgrade reached.
      const upgrades = () => cluster.nginx.accessLog().filter((l) => l.uri.startsWith('/yjs/') && l.status === 101);
      await expect.poll(() => upgrades().length, { timeout: 5000 }).toBe(20);
      const byInstance = new Map<number, string[]>();
      for (const l of upgrades()) {
        expect(l.upstreams).toHaveLength(1);
        const i = cluster.instanceOf(l.upstreams[0]);
        expect(i).toBeGreaterThanOrEqual(0);
        byInstance.set(i, [...(byInstance.get(i) ?? []), l.client]);
      }
      expect(new Set(upgrades().map((l) => l.client)).size).toBe(20);
      console.log(
        `[proxy] 20 clients through nginx: ${[...byInstance].map(([i, c]) => `instance ${i + 1}: ${c.length}`).join(', ')}; converged in ${ms} ms`,
      );
      expect(byInstance.size).toBeGreaterThan(1);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('sign-in cookie and CSRF work through the proxy; a polling-only socket.io client gets a comment posted on another instance', async () => {
    const me = clientAddress(30);
    const { demo, nginx, planId } = cluster;
    const login = await httpFrom(me, `${nginx.url}/api/auth/login`, {
      method: 'POST',
      body: { email: demo.users.designer1.email, password: demo.password },
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toMatch(/=/);
    const csrf = login.body.csrfToken as string;
    const comment = (text: string, headers: Record<string, string>) =>
      httpFrom(me, `${nginx.url}/api/plans/${planId}/comments`, {
        method: 'POST',
        headers: { cookie, origin: nginx.url, ...headers },
        body: { body: text, anchor: { kind: 'plan' }, mentions: [] },
      });
    // A cookie-authenticated write without the CSRF token is refused, with it accepted.
    expect((await comment('ohne Token', {})).status).toBe(403);
    expect((await comment('mit Token', { 'x-csrf-token': csrf })).status).toBe(201);

    const agent = new http.Agent({ localAddress: me, keepAlive: true });
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(nginx.url, {
      path: '/socket.io',
      transports: ['polling'],
      reconnection: false,
      forceNew: true,
      agent: agent as never,
      extraHeaders: { cookie, origin: nginx.url },
    });
    try {
      const heard: string[] = [];
      socket.on('comment:created', (c) => heard.push(c.id));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = await socket.timeout(5000).emitWithAck('plan:join', { planId });
      expect(ack).toEqual({ ok: true });
      expect(socket.io.engine.transport.name).toBe('polling');

      // The instance that holds the polling session (ip_hash keeps every poll of this address there).
      const polls = cluster.nginx.accessLog().filter((l) => l.uri.startsWith('/socket.io/') && l.client === me);
      const served = new Set(polls.map((l) => cluster.instanceOf(l.upstreams.at(-1)!)));
      expect(served.size).toBe(1);
      const home = [...served][0];
      const other = (home + 1) % cluster.ports.length;

      // Posted directly on another instance (bearer token): the event travels over Redis to the poller.
      const posted = await fetch(`${cluster.instances[other].url}/api/plans/${planId}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cluster.tokens[2]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'von einer anderen Instanz', anchor: { kind: 'plan' }, mentions: [] }),
      });
      expect(posted.status).toBe(201);
      const { id } = (await posted.json()) as { id: string };
      await expect.poll(() => heard, { timeout: 5000 }).toContain(id);
      expect(socket.io.engine.transport.name).toBe('polling');
    } finally {
      socket.close();
      agent.destroy();
    }
  });

  it('X-Forwarded-For is believed from the proxy only', async () => {
    const failures = async (from: string, url: string, n: number, tag: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) {
        const res = await httpFrom(from, `${url}/api/auth/login`, {
          method: 'POST',
          // Every request claims another client.
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
          body: { email: `niemand-${tag}-${i}@example.org`, password: 'falsches Passwort' },
        });
        statuses.push(res.status);
      }
      return statuses;
    };
    // Straight to an instance from 127.0.0.5 (not the proxy): the forged header is ignored, and the
    // limit of 3 failures per address applies to 127.0.0.5.
    expect(await failures('127.0.0.5', cluster.instances[0].url, 4, 'direct')).toEqual([401, 401, 401, 429]);
    // Through the proxy: nginx appends the real address, which the instance believes, and not the
    // forged one before it.
    const a = clientAddress(40);
    const b = clientAddress(41);
    expect(await failures(a, cluster.nginx.url, 4, 'proxied-a')).toEqual([401, 401, 401, 429]);
    // Another client through the same proxy has its own count (it is not the proxy's address).
    expect(await failures(b, cluster.nginx.url, 1, 'proxied-b')).toEqual([401]);
  });

  it('an instance sent SIGTERM drains: health 503, and nginx passes a new upgrade on to another instance', async () => {
    const me = clientAddress(50);
    const first = new EditClient('drain-first', cluster.planId, cluster.tokens[0], {
      wsUrl: cluster.nginx.wsUrl,
      localAddress: me,
    });
    await first.synced();
    first.close();
    const upgradesOf = () =>
      cluster.nginx.accessLog().filter((l) => l.uri.startsWith('/yjs/') && l.client === me && l.status === 101);
    await expect.poll(() => upgradesOf().length).toBe(1);
    // The instance this address is hashed to.
    const home = cluster.instanceOf(upgradesOf()[0].upstreams[0]);

    const restarted = cluster.restart(home);
    const direct = cluster.instances[home].url;
    await expect
      .poll(async () => (await fetch(`${direct}/api/health`).then((r) => r.json() as Promise<{ status: string }>)).status, {
        timeout: 3000,
        interval: 50,
      })
      .toBe('draining');
    // While it drains, a new client from the same address: refused there with 503, nginx tries the next.
    const second = new EditClient('drain-second', cluster.planId, cluster.tokens[0], {
      wsUrl: cluster.nginx.wsUrl,
      localAddress: me,
    });
    try {
      await second.synced();
      second.edit();
      await expect.poll(() => second.acknowledged().length).toBe(1);
    } finally {
      second.close();
    }
    await expect.poll(() => upgradesOf().length).toBe(2);
    const passedOn = upgradesOf()[1];
    expect(cluster.instanceOf(passedOn.upstreams[0])).toBe(home);
    expect(passedOn.upstreamStatus.split(/,\s*/)[0]).toBe('503');
    expect(passedOn.upstreams).toHaveLength(2);
    expect(cluster.instanceOf(passedOn.upstreams[1])).not.toBe(home);
    const r = await restarted;
    expect(r.code).toBe(0);
    expect(r.stopMs).toBeGreaterThanOrEqual(3900);
  });

  it("when every instance answers 503 (a database outage), clients keep getting the 503, not nginx's 502; a POST goes to one instance only", async () => {
    // Three stand-ins that answer every request with 503, as instances do while PostgreSQL is down.
    const hits: string[][] = [[], [], []];
    const stubs = await Promise.all(
      hits.map(async (mine) => {
        const port = await freePort();
        const server = http.createServer((req, res) => {
          mine.push(req.method!);
          res.writeHead(503, { 'retry-after': '5', 'content-type': 'application/json' });
          res.end('{"error":{"code":"UNAVAILABLE"}}');
        });
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
        return { server, port };
      }),
    );
    const proxy = await startNginx(Object.fromEntries(stubs.map((s, i) => [`app${i + 1}:3000`, `127.0.0.1:${s.port}`])));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await fetch(`${proxy.url}/api/plans`)).status);
        statuses.push((await fetch(`${proxy.url}/api/plans/x/comments`, { method: 'POST', body: '{}' })).status);
      }
      // Without max_fails=0 every instance would be marked down after the first round: 502 "no live upstreams".
      expect(statuses).toEqual(Array(10).fill(503));
      const all = hits.flat();
      // A GET was tried on all three (http_503), a POST only where it was sent first.
      expect(all.filter((m) => m === 'GET')).toHaveLength(15);
      expect(all.filter((m) => m === 'POST')).toHaveLength(5);
    } finally {
      await proxy.close();
      for (const s of stubs) s.server.close();
    }
  });
});
