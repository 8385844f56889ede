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
)('kill -9 of an instance, its clients gone with it', () => {
  const cleanup: (() => unknown)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => {});
  });

  it('every edit the killed instance acknowledged is on the other instance, its clients and in the database within 10 s', async () => {
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
    cleanup.push(() =>
      [...onA, ...onB].forEach((c) => {
        c.close();
      }),
    );
    await Promise.all([...onA, ...onB].map((c) => c.synced()));

    const edits = editing([...onA, ...onB]);
    await sleep(2000);
    // The instance and its clients vanish together (a crashed machine): what A did not acknowledge may be lost.
    await a.kill();
    const killedAt = Date.now();
    for (const c of onA) c.close();
    const acknowledgedByA = onA.flatMap((c) => c.acknowledged());
    const sentToA = onA.reduce((n, c) => n + c.sent.length, 0);
    // While edits go on: how long until everything sent before the kill is saved and everywhere.
    const recoveredMs = await recovery(onB, onA, killedAt);
    await sleep(Math.max(0, killedAt + 1000 - Date.now()));
    edits.stop();

    const convergedMs = await convergence(onB, onA, killedAt);
    const sentToB = onB.reduce((n, c) => n + c.sent.length, 0);
    const acknowledged = [...acknowledgedByA, ...onB.flatMap((c) => c.acknowledged())];
    const final = onB[0].items();
    for (const c of onB) expect(c.items(), c.name).toEqual(expect.arrayContaining(acknowledged));

    a = await startInstance(pg, a.port);
    const countA = await itemsOn(a, world);
    const countB = await itemsOn(b, world);
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    await pg.stop();
    await pg.start();
    const inDb = await itemsInDatabase(pg, world.planId);
    for (const [where, items] of [
      ['restarted A', countA],
      ['B', countB],
      ['database', inDb],
    ] as const) {
      expect(items, where).toEqual(expect.arrayContaining(acknowledged));
    }
    expect(new Set(countB)).toEqual(new Set(final));
    expect(new Set(inDb)).toEqual(new Set(final));

    console.log(
      `[faults] kill -9, clients gone: edits sent ${sentToA + sentToB} (${sentToA} by the vanished clients), ` +
        `acknowledged ${acknowledged.length} (${acknowledgedByA.length} by the killed instance), found ${final.length} ` +
        `in each of ${onB.length} surviving clients, ${countA.length} on the restarted instance A, ${countB.length} on B, ` +
        `${inDb.length} in the database after a restart; everything sent before the kill saved and everywhere after ${recoveredMs} ms; all converged ${convergedMs - (edits.stoppedAt - killedAt)} ms after the last edit`,
    );
    expect(recoveredMs).toBeLessThan(10_000);
    expect(convergedMs).toBeLessThan(10_000);
  });
});
