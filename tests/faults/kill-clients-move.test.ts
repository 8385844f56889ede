import { afterAll, describe, expect, it } from 'vitest';
import { needs } from '../helpers/backends.ts';
import { privatePostgresAvailable, startPrivatePostgres } from './helpers/postgres.ts';
import {
  EditClient,
  convergence,
  editing,
  itemsInDatabase,
  itemsOn,
  recovery,
  seedWorld,
  startInstance,
  startPair,
} from './helpers/edits.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(
  needs(privatePostgresAvailable(), 'a private PostgreSQL cluster', 'PostgreSQL server binaries and root or the postgres user'),
)('kill -9 of an instance, its clients moving to the other', () => {
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => {});
  });

  it('no acknowledged edit is lost; the moved clients’ pending edits arrive; all converge within 10 s', async () => {
    const pg = await startPrivatePostgres();
    cleanup.push(() => pg.teardown());
    let [a, b] = await startPair(pg);
    cleanup.push(
      () => a.kill(),
      () => b.kill(),
    );
    const world = await seedWorld(pg, a);
    const onA = [new EditClient('a1', world.planId, world.tokens[0], a), new EditClient('a2', world.planId, world.tokens[1], a)];
    const onB = [new EditClient('b1', world.planId, world.tokens[0], b), new EditClient('b2', world.planId, world.tokens[1], b)];
    const clients = [...onA, ...onB];
    cleanup.push(() =>
      clients.forEach((c) => {
        c.close();
      }),
    );
    await Promise.all(clients.map((c) => c.synced()));

    const edits = editing(clients);
    await sleep(2000);
    await a.kill();
    const acknowledgedByA = onA.flatMap((c) => c.acknowledged());
    // The clients notice, keep editing offline for a second, then a load balancer sends them to B.
    await sleep(1000);
    for (const c of onA) c.moveTo(b);
    const movedAt = Date.now();
    // While edits go on: how long until everything sent before the move is saved and everywhere.
    const recoveredMs = await recovery(clients, [], movedAt);
    await sleep(Math.max(0, movedAt + 1000 - Date.now()));
    edits.stop();

    const convergedMs = await convergence(clients, [], movedAt);
    const sent = clients.reduce((n, c) => n + c.sent.length, 0);
    const acknowledged = clients.flatMap((c) => c.acknowledged());
    const final = clients[0].items();
    for (const c of clients) {
      expect(c.items(), c.name).toEqual(final);
      expect(c.items(), c.name).toEqual(expect.arrayContaining([...acknowledgedByA, ...acknowledged]));
    }
    // Instance A again, on the same port; then the database after a restart.
    a = await startInstance(pg, a.port);
    const countA = await itemsOn(a, world);
    const countB = await itemsOn(b, world);
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    await pg.stop();
    await pg.start();
    const inDb = await itemsInDatabase(pg, world.planId);
    expect(new Set(countA)).toEqual(new Set(final));
    expect(new Set(countB)).toEqual(new Set(final));
    expect(new Set(inDb)).toEqual(new Set(final));

    console.log(
      `[faults] kill -9, clients moved: edits sent ${sent}, acknowledged ${acknowledged.length} ` +
        `(${acknowledgedByA.length} by the killed instance before it died), found ${final.length} in each of ` +
        `${clients.length} clients, ${countA.length} on the restarted instance A, ${countB.length} on B, ` +
        `${inDb.length} in the database after a restart; everything sent before the move saved and everywhere after ${recoveredMs} ms; all converged ${convergedMs - (edits.stoppedAt - movedAt)} ms after the last edit`,
    );
    expect(final.length).toBe(sent);
    expect(recoveredMs).toBeLessThan(10_000);
    expect(convergedMs).toBeLessThan(10_000);
  });
});
