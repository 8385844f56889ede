import { afterEach, describe, expect, it } from 'vitest';
import { hasRedisTools, startPrivateRedisSentinel } from '../helpers/private-redis-sentinel.ts';
import { runOutageScenario, startInstancePair } from './helpers/redis.ts';

/**
 * A Sentinel failover during live editing: two instances configured with REDIS_SENTINELS and
 * REDIS_SENTINEL_MASTER on a private Sentinel setup (master, replica, three sentinels), stock
 * y-websocket clients on both writing numbered edits. The master is killed, or frozen (SIGSTOP, what a
 * long `DEBUG SLEEP` does: its sockets stay open and nothing answers); the sentinels promote the replica
 * (about 1 s to notice, then the election). No acknowledged edit may be lost, and every client, both
 * instances and the database hold every edit within 10 s of the failover. Each scenario gets its own
 * Sentinel setup (0.2 s to start) and instances.
 */
describe.runIf(hasRedisTools())('Sentinel failover during edits (two instances)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setUp() {
    const sentinel = await startPrivateRedisSentinel();
    cleanup.push(() => sentinel.close());
    const pair = await startInstancePair({ REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_MASTER: sentinel.masterName });
    cleanup.push(() => pair.close());
    expect(pair.a.app.config.redis?.mode).toBe('sentinel');
    // Both buses must live through the failover: an outage, then healthy again on the new master.
    const heard: [boolean[], boolean[]] = [[], []];
    pair.a.app.bus.onHealth?.((h) => heard[0].push(h));
    pair.b.app.bus.onHealth?.((h) => heard[1].push(h));
    return { sentinel, ...pair, heard };
  }

  async function failover(name: string, how: 'kill' | 'freeze', s: Awaited<ReturnType<typeof setUp>>) {
    const { sentinel } = s;
    let at = 0;
    let oldPort = 0;
    let failoverMs = 0;
    const result = await runOutageScenario({
      name,
      outage: how === 'kill' ? 'master killed, sentinels fail over' : 'master frozen, sentinels fail over, old master thawed',
      redis: {
        async stop() {
          at = Date.now();
          oldPort = how === 'kill' ? await sentinel.killMaster() : await sentinel.freezeMaster();
        },
        async start() {
          await sentinel.waitForFailover(oldPort);
          failoverMs = Date.now() - at;
          // Like a DEBUG SLEEP that ends: the old master wakes up believing it is master until the
          // sentinels turn it into a replica (and close its clients' connections).
          if (how === 'freeze') sentinel.thaw(oldPort);
        },
      },
      servers: [s.a, s.b],
      planId: s.world.planId,
      tokens: [s.world.tokens.staff, s.world.tokens.designer, s.world.tokens.staff, s.world.tokens.designer],
      outageMs: 0,
    });
    await expect
      .poll(() => s.heard.map((h) => [h[0], h.at(-1)]), { timeout: 5000 })
      .toEqual([
        [false, true],
        [false, true],
      ]);
    console.log(`[fault ${name}] failover took ${failoverMs} ms after the ${how}; converged ${result.convergenceMs} ms after it`);
  }

  it('master killed while clients on both instances edit: no acknowledged edit lost, converged within 10 s of the failover', async () => {
    const s = await setUp();
    await failover('sentinel-kill', 'kill', s);
  });

  it('master frozen (as by DEBUG SLEEP) while clients edit: no acknowledged edit lost, converged within 10 s of the failover', async () => {
    const s = await setUp();
    await failover('sentinel-freeze', 'freeze', s);
  });
});
