import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisTools, startPrivateRedisSentinel, type PrivateRedisSentinel } from '../helpers/private-redis-sentinel.ts';
import { runOutageScenario, startInstancePair } from './helpers/redis.ts';

/**
 * A Sentinel failover during live editing: two instances configured with REDIS_SENTINELS and
 * REDIS_SENTINEL_MASTER on a private Sentinel setup (master, replica, three sentinels), stock
 * y-websocket clients on both writing numbered edits. The master is killed; the sentinels promote the
 * replica (about 1 s to notice, then the election). No acknowledged edit may be lost, and every client,
 * both instances and the database hold every edit within 10 s of the failover.
 */
describe.runIf(hasRedisTools())('Sentinel failover during edits (two instances)', () => {
  let sentinel: PrivateRedisSentinel;
  let pair: Awaited<ReturnType<typeof startInstancePair>> | undefined;

  beforeAll(async () => {
    sentinel = await startPrivateRedisSentinel();
    pair = await startInstancePair({ REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_MASTER: sentinel.masterName });
  });
  afterAll(async () => {
    await pair?.close();
    await sentinel?.close();
  });

  it('master killed while clients on both instances edit: no acknowledged edit lost, converged within 10 s of the failover', async () => {
    const { a, b, world } = pair!;
    expect(a.app.config.redis?.mode).toBe('sentinel');
    let killedAt = 0;
    let oldPort = 0;
    let failoverMs = 0;
    // Both buses must live through the failover: an outage, then healthy again on the new master.
    const heard: [boolean[], boolean[]] = [[], []];
    a.app.bus.onHealth?.((h) => heard[0].push(h));
    b.app.bus.onHealth?.((h) => heard[1].push(h));
    const result = await runOutageScenario({
      name: 'sentinel-failover',
      outage: 'master killed, sentinels fail over',
      redis: {
        async stop() {
          killedAt = Date.now();
          oldPort = await sentinel.killMaster();
        },
        async start() {
          await sentinel.waitForFailover(oldPort);
          failoverMs = Date.now() - killedAt;
        },
      },
      servers: [a, b],
      planId: world.planId,
      tokens: [world.tokens.staff, world.tokens.designer, world.tokens.staff, world.tokens.designer],
      outageMs: 0,
    });
    console.log(
      `[fault sentinel-failover] failover took ${failoverMs} ms after the kill; converged ${result.convergenceMs} ms after it`,
    );
    await expect
      .poll(() => heard.map((h) => [h[0], h.at(-1)]), { timeout: 5000 })
      .toEqual([
        [false, true],
        [false, true],
      ]);
  });
});
