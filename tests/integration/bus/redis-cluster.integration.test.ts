import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisPubSub } from '@planner/server/platform/bus/redis-pubsub';
import { pubsubContract } from '@planner/server/platform/bus/pubsub.contract';
import { RedisLimitStore } from '@planner/server/modules/accounts/redis-limit-store';
import type { RedisSettings } from '@planner/server/platform/redis/settings';
import { clusterSlot } from '@planner/server/platform/redis/slot';
import { hasRedisCluster, startPrivateRedisCluster, type PrivateRedisCluster } from '../../helpers/private-redis-cluster.ts';

/**
 * The bus and the sign-in limits on a private 3-master Redis Cluster (REDIS_CLUSTER_NODES): the bus
 * contract suite, sharded pub/sub (a channel lives on the master of its slot only), the health
 * semantics, and the limit store's keys across slots. Second pass of .ci/run only.
 */
describe.runIf(hasRedisCluster())('Redis Cluster (private, 3 masters)', () => {
  let cluster: PrivateRedisCluster;
  let settings: RedisSettings;
  const prefix = `t${Date.now().toString(36)}:`;
  const nodesOf = () => cluster.ports.map((port) => new Redis({ port, host: '127.0.0.1', lazyConnect: true }));

  beforeAll(async () => {
    cluster = await startPrivateRedisCluster();
    settings = { mode: 'cluster', nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })) };
  });
  afterAll(async () => {
    await cluster?.close();
  });

  pubsubContract('redis cluster (sharded pub/sub)', async () => [
    new RedisPubSub(settings, { prefix }),
    new RedisPubSub(settings, { prefix }),
  ]);

  it('keeps a channel on the master that owns its slot: sharded channels, no cluster-wide ones', async () => {
    const a = new RedisPubSub(settings, { prefix });
    const b = new RedisPubSub(settings, { prefix });
    const nodes = nodesOf();
    try {
      const names = Array.from({ length: 12 }, (_, i) => `shard-${i}`);
      const got: string[] = [];
      for (const ch of names) await b.subscribe(ch, (_m, c) => got.push(c));
      for (const ch of names) await a.publish(ch, new Uint8Array([1]));
      await expect.poll(() => got.length).toBe(names.length);
      const perNode = await Promise.all(
        nodes.map(async (n) => ({
          sharded: ((await n.call('PUBSUB', 'SHARDCHANNELS', `${prefix}shard-*`)) as string[]).sort(),
          global: (await n.call('PUBSUB', 'CHANNELS', `${prefix}*`)) as string[],
        })),
      );
      // Each channel is subscribed on exactly one master, and twelve channels spread over several.
      const all = perNode.flatMap((p) => p.sharded).sort();
      expect(all).toEqual(names.map((c) => prefix + c).sort());
      expect(perNode.filter((p) => p.sharded.length > 0).length).toBeGreaterThan(1);
      for (const p of perNode) expect(p.global).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      for (const n of nodes) n.disconnect();
    }
  });

  it('connecting for the first time is not a recovery: no health change is reported', async () => {
    const a = new RedisPubSub(settings, { prefix });
    const heard: boolean[] = [];
    a.onHealth((h) => heard.push(h));
    try {
      await a.subscribe('first', () => {});
      await new Promise((r) => setTimeout(r, 1500));
      expect(a.healthy).toBe(true);
      expect(heard).toEqual([]);
    } finally {
      await a.close();
    }
  });

  it('after its sharded subscriber connections are killed: unhealthy, then healthy again with every channel resubscribed', async () => {
    const a = new RedisPubSub(settings, { prefix });
    const name = `kill-me-${prefix}`;
    const b = new RedisPubSub(settings, { prefix, name, log: () => {} });
    const nodes = nodesOf();
    try {
      const channels = Array.from({ length: 6 }, (_, i) => `resub-${i}`);
      const got = new Map<string, number[]>(channels.map((c) => [c, []]));
      for (const ch of channels) await b.subscribe(ch, (m) => got.get(ch)!.push(m[0]));
      for (const ch of channels) await a.publish(ch, new Uint8Array([1]));
      await expect.poll(() => [...got.values()].every((v) => v.length === 1)).toBe(true);
      const heard: boolean[] = [];
      b.onHealth((h) => heard.push(h));
      let killed = 0;
      for (const n of nodes) {
        const list = (await n.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
        for (const line of list.split('\n').filter((l) => l.includes(`${name}-sub`))) {
          await n.call('CLIENT', 'KILL', 'ID', line.match(/^id=(\d+)/)![1]);
          killed++;
        }
      }
      expect(killed).toBeGreaterThan(1);
      await expect.poll(() => heard, { timeout: 10_000 }).toEqual([false, true]);
      // Healthy again means every channel is subscribed again: the next message on each arrives.
      for (const ch of channels) await a.publish(ch, new Uint8Array([2]));
      await expect.poll(() => [...got.values()].every((v) => v.at(-1) === 2), { timeout: 2000 }).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
      for (const n of nodes) n.disconnect();
    }
  });

  it('sign-in limits: counts, markers and a reset of keys in different slots', async () => {
    const store = new RedisLimitStore(settings, { timeoutMs: 1000, prefix: `${prefix}login:` });
    try {
      await expect.poll(() => store.ready, { timeout: 5000 }).toBe(true);
      const key = 'acct:someone@example.org';
      // The reset below deletes two keys; in different slots, one DEL of both fails with CROSSSLOT.
      expect(clusterSlot(`${prefix}login:${key}`)).not.toBe(clusterSlot(`${prefix}login:${key}:wait`));
      expect(await store.incr(key, 60_000, true)).toBe(1);
      expect(await store.incr(key, 60_000, true)).toBe(2);
      expect((await store.count(key)).n).toBe(2);
      await store.hold(`${key}:wait`, 60_000);
      expect(await store.held(`${key}:wait`)).toBeGreaterThan(0);
      expect(await store.claim(`${key}:wait`, 60_000)).toBe(false);
      await store.del(key, `${key}:wait`);
      expect(await store.count(key)).toEqual({ n: 0, ttlMs: 0 });
      expect(await store.held(`${key}:wait`)).toBe(0);
    } finally {
      store.close();
    }
  });

  // Last: it takes a master away for a while.
  it('the master of a channel killed for 3 s and started again: unhealthy, then healthy with the channel subscribed again', async () => {
    const log = () => {};
    const a = new RedisPubSub(settings, { prefix, log });
    const b = new RedisPubSub(settings, { prefix, log });
    const nodes = nodesOf();
    try {
      const got: number[] = [];
      await b.subscribe('node-down', (m) => got.push(m[0]));
      await a.publish('node-down', new Uint8Array([1]));
      await expect.poll(() => got).toEqual([1]);
      let owner = 0;
      for (const [i, n] of nodes.entries()) {
        if (((await n.call('PUBSUB', 'SHARDCHANNELS', `${prefix}node-down`)) as string[]).length) owner = cluster.ports[i];
      }
      expect(owner).not.toBe(0);
      for (const n of nodes) n.disconnect();
      const heard: boolean[] = [];
      b.onHealth((h) => heard.push(h));
      await cluster.killNode(owner);
      await expect.poll(() => heard, { timeout: 5000 }).toEqual([false]);
      await new Promise((r) => setTimeout(r, 3000));
      const restartedAt = Date.now();
      await cluster.restartNode(owner);
      await expect.poll(() => heard, { timeout: 15_000 }).toEqual([false, true]);
      console.log(`[cluster] master ${owner} down 3 s: bus healthy again ${Date.now() - restartedAt} ms after its restart`);
      await a.publish('node-down', new Uint8Array([2]));
      await expect.poll(() => got.at(-1), { timeout: 2000 }).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
      for (const n of nodes) n.disconnect();
    }
  });
});
