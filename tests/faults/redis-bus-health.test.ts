import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPubSub } from '@planner/server/platform/bus/redis-pubsub';
import { startPrivateRedis, type PrivateRedis } from './helpers/redis.ts';

/**
 * The bus says when it is unhealthy (messages may be lost) and when it is healthy again (every
 * subscription active), which the fail-closed re-checks and the socket.io catch-up rely on.
 */
describe('RedisPubSub health across a Redis outage (private redis-server)', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('turns unhealthy when Redis goes, subscribes during the outage without failing, and is healthy once delivery works again', async () => {
    const a = new RedisPubSub(redis.url, { prefix: 'health:', log: () => {} });
    const b = new RedisPubSub(redis.url, { prefix: 'health:', log: () => {} });
    try {
      await expect.poll(() => a.healthy && b.healthy, { timeout: 5000 }).toBe(true);
      const changes: boolean[] = [];
      b.onHealth((h) => changes.push(h));
      await redis.stop();
      await expect.poll(() => b.healthy, { timeout: 5000 }).toBe(false);
      // Subscribing while Redis is away resolves (a document can still load) ...
      const got: number[] = [];
      const subscribed = b.subscribe('during', (m) => got.push(m[0]));
      await expect(subscribed).resolves.toBeTypeOf('function');
      // ... and publishing fails (it is the caller's to log it).
      await expect(a.publish('during', new Uint8Array([1]))).rejects.toThrow();
      await redis.start();
      await expect.poll(() => a.healthy && b.healthy, { timeout: 10_000 }).toBe(true);
      expect(changes).toEqual([false, true]);
      // Healthy means delivered: the channel subscribed during the outage hears the first message.
      await a.publish('during', new Uint8Array([2]));
      await expect.poll(() => got, { timeout: 2000 }).toEqual([2]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
