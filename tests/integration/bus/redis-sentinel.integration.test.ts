import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@planner/server';
import { RedisPubSub } from '@planner/server/platform/bus/redis-pubsub';
import { pubsubContract } from '@planner/server/platform/bus/pubsub.contract';
import { RedisLimitStore } from '@planner/server/modules/accounts/redis-limit-store';
import type { RedisSettings } from '@planner/server/platform/redis/settings';
import { hasRedisTools, startPrivateRedisSentinel, type PrivateRedisSentinel } from '../../helpers/private-redis-sentinel.ts';

/**
 * The bus and the sign-in limits on a private Sentinel setup (one master, one replica, three
 * sentinels), configured as the app is (`redis+sentinel://…` in REDIS_URL): the bus contract suite,
 * and a failover (the master killed) after which the bus is healthy again on the new master, with its
 * channels subscribed there, and the limits count there. Second pass of .ci/run only.
 */
describe.runIf(hasRedisTools())('Redis Sentinel (private: master, replica, 3 sentinels)', () => {
  let sentinel: PrivateRedisSentinel;
  let settings: RedisSettings;
  const prefix = `t${Date.now().toString(36)}:`;

  beforeAll(async () => {
    sentinel = await startPrivateRedisSentinel();
    settings = loadConfig({ REDIS_URL: sentinel.url }).redis!;
    expect(settings.mode).toBe('sentinel');
  });
  afterAll(async () => {
    await sentinel?.close();
  });

  pubsubContract('redis sentinel', async () => [new RedisPubSub(settings, { prefix }), new RedisPubSub(settings, { prefix })]);

  it('connecting for the first time is not a recovery: no health change is reported', async () => {
    const a = new RedisPubSub(settings, { prefix });
    const heard: boolean[] = [];
    a.onHealth((h) => heard.push(h));
    try {
      await a.subscribe('first', () => {});
      await new Promise((r) => setTimeout(r, 1000));
      expect(a.healthy).toBe(true);
      expect(heard).toEqual([]);
    } finally {
      await a.close();
    }
  });

  // Last: it moves the master.
  it('a failover (master killed): unhealthy, then healthy on the new master with channels resubscribed; limits count there', async () => {
    // The connection errors while the master is gone are expected; kept out of the test output.
    const log = () => {};
    const a = new RedisPubSub(settings, { prefix, log });
    const b = new RedisPubSub(settings, { prefix, log });
    const limits = new RedisLimitStore(settings, { timeoutMs: 1000, prefix: `${prefix}login:`, log });
    try {
      const got: number[] = [];
      await b.subscribe('failover', (m) => got.push(m[0]));
      await a.publish('failover', new Uint8Array([1]));
      await expect.poll(() => got).toEqual([1]);
      await expect.poll(() => limits.ready).toBe(true);
      expect(await limits.incr('ip:1', 60_000, false)).toBe(1);
      const heard: boolean[] = [];
      b.onHealth((h) => heard.push(h));
      const killedAt = Date.now();
      const oldPort = await sentinel.killMaster();
      const newPort = await sentinel.waitForFailover(oldPort);
      expect(newPort).not.toBe(oldPort);
      await expect.poll(() => heard, { timeout: 15_000 }).toEqual([false, true]);
      console.log(
        `[sentinel] master ${oldPort} killed, failover to ${newPort}; bus healthy again after ${Date.now() - killedAt} ms`,
      );
      await a.publish('failover', new Uint8Array([2]));
      await expect.poll(() => got.at(-1), { timeout: 2000 }).toBe(2);
      // The new master was the replica: what the old one counted was replicated (or lost with it, if
      // the kill came first), and counting goes on there.
      await expect.poll(() => limits.ready, { timeout: 10_000 }).toBe(true);
      expect(await limits.incr('ip:1', 60_000, false)).toBeGreaterThanOrEqual(1);
      expect((await limits.count('ip:1')).n).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
      limits.close();
    }
  });
});
