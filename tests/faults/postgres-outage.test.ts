import { afterAll, describe, expect, it } from 'vitest';
import { needs } from '../helpers/backends.ts';
import type { ServerProcess } from '../helpers/process.ts';
import { io } from 'socket.io-client';
import { retryWhenUnavailable } from '../../client/src/lib/sync/realtime.ts';
import { connectSocket, yjsUpgradeStatus } from '../helpers/sockets.ts';
import type { TestServer } from '../helpers/server.ts';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from './helpers/postgres.ts';
import { EditClient, convergence, editing, itemsInDatabase, itemsOn, seedWorld, startPair } from './helpers/edits.ts';

const OUTAGE_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The helpers of ../helpers/sockets.ts only read the addresses of a server. */
const asServer = (p: ServerProcess) => ({ url: p.url, wsUrl: `ws://127.0.0.1:${p.port}` }) as TestServer;

describe.runIf(
  needs(privatePostgresAvailable(), 'a private PostgreSQL cluster', 'PostgreSQL server binaries and root or the postgres user'),
)('PostgreSQL stopped for 10 s during edits', () => {
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => {});
  });

  it('REST and upgrades answer 503 meanwhile; no acknowledged edit is lost and all converge within 10 s of recovery', async () => {
    const pg: PrivatePostgres = await startPrivatePostgres();
    cleanup.push(() => pg.teardown());
    const [a, b] = await startPair(pg);
    cleanup.push(
      () => a.kill(),
      () => b.kill(),
    );
    const world = await seedWorld(pg, a);
    const clients = [
      new EditClient('a1', world.planId, world.tokens[0], a),
      new EditClient('a2', world.planId, world.tokens[1], a),
      new EditClient('b1', world.planId, world.tokens[0], b),
      new EditClient('b2', world.planId, world.tokens[1], b),
    ];
    cleanup.push(() =>
      clients.forEach((c) => {
        c.close();
      }),
    );
    await Promise.all(clients.map((c) => c.synced()));

    const edits = editing(clients);
    await sleep(1500);
    const stoppedAt = Date.now();
    await pg.stop();
    // Nothing can be committed while the database is down, so nothing sent from now on may be acknowledged.
    const sentBeforeStop = clients.map((c) => c.sent.at(-1)?.clock ?? 0);

    // During the outage: REST, the websocket upgrade and socket.io are refused with 503, not 500.
    const token = world.tokens[0];
    const rest = await fetch(`${a.url}/api/plans/${world.planId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(503);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await rest.json()).toMatchObject({ error: { code: 'UNAVAILABLE', key: 'error.unavailable' } });
    expect(await yjsUpgradeStatus(asServer(b), world.planId, token)).toBe(503);
    expect(await connectSocket(asServer(a), { token })).toEqual({ status: 503 });
    // The web app's socket.io client, refused meanwhile, comes back by itself after the outage.
    const app = io(a.url, { path: '/socket.io', transports: ['websocket'], auth: { token } });
    cleanup.push(() => app.close());
    retryWhenUnavailable(app, () => true);
    let connectedAt = 0;
    app.on('connect', () => {
      connectedAt = Date.now();
    });
    const refusals: number[] = [];
    app.on('connect_error', (err: Error & { data?: { status?: number } }) => refusals.push(err.data?.status ?? 0));
    await expect.poll(() => refusals, { timeout: 5000 }).toEqual([503]);
    const health = await fetch(`${b.url}/api/health`);
    expect(health.status).toBe(503);
    expect(Number(health.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await health.json()).toMatchObject({ status: 'unavailable', dbOk: false, down: ['db'] });

    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    for (const [i, c] of clients.entries()) {
      expect(c.savedClock, `${c.name} acknowledged during the outage`).toBeLessThanOrEqual(sentBeforeStop[i]);
    }
    await pg.start();
    const recoveredAt = Date.now();
    edits.stop();

    const convergedMs = await convergence(clients, [], recoveredAt);
    await expect.poll(() => app.connected, { timeout: 10_000 }).toBe(true);
    const socketBackMs = connectedAt - recoveredAt;
    expect(new Set(refusals)).toEqual(new Set([503]));
    expect((await fetch(`${a.url}/api/plans/${world.planId}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );

    const sent = clients.reduce((n, c) => n + c.sent.length, 0);
    const acknowledged = clients.flatMap((c) => c.acknowledged());
    const final = clients[0].items();
    for (const c of clients) {
      expect(c.items(), c.name).toEqual(final);
      expect(c.items(), c.name).toEqual(expect.arrayContaining(acknowledged));
    }
    const onA = await itemsOn(a, world);
    const onB = await itemsOn(b, world);
    // The database after a restart: both instances stop gracefully (flushing; the socket.io client is still
    // connected to A and must not hold it up), PostgreSQL restarts, and the document is read directly.
    const codeA = await a.stop();
    if (codeA !== 0) console.log(a.output().split('\n').slice(-30).join('\n'));
    expect(codeA).toBe(0);
    expect(await b.stop()).toBe(0);
    await pg.stop();
    await pg.start();
    const inDb = await itemsInDatabase(pg, world.planId);
    expect(new Set(onA)).toEqual(new Set(final));
    expect(new Set(onB)).toEqual(new Set(final));
    expect(new Set(inDb)).toEqual(new Set(final));

    console.log(
      `[faults] postgres stopped ${OUTAGE_MS / 1000} s: edits sent ${sent}, acknowledged ${acknowledged.length}, ` +
        `found ${final.length} in each of ${clients.length} clients, ${onA.length} on instance A, ${onB.length} on B, ` +
        `${inDb.length} in the database after a restart; converged ${convergedMs} ms after recovery; the app's socket.io client, refused meanwhile, back after ${socketBackMs} ms`,
    );
    expect(final.length).toBe(sent);
    expect(convergedMs).toBeLessThan(10_000);
  });
});
