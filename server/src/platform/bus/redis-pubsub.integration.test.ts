import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisPubSub } from './redis-pubsub.ts';
import { pubsubContract } from './pubsub.contract.ts';

// Runs in `.ci/run`'s second pass only (vitest.config.ts leaves *.integration.test.ts out of the embedded pass).
const url = process.env.REDIS_URL;
if (!url) throw new Error('REDIS_URL is not set: this file runs only against the real service');
const prefix = `t${Date.now().toString(36)}:`;

describe('RedisPubSub (real Redis)', () => {
  pubsubContract('redis', async () => [new RedisPubSub(url!, { prefix }), new RedisPubSub(url!, { prefix })]);

  it('resubscribes by itself after CLIENT KILL TYPE pubsub and receives the next message', async () => {
    const a = new RedisPubSub(url!, { prefix });
    const b = new RedisPubSub(url!, { prefix });
    const admin = new Redis(url!);
    try {
      const got: number[] = [];
      await b.subscribe('resub', (m) => got.push(m[0]));
      await a.publish('resub', new Uint8Array([1]));
      await expect.poll(() => got).toEqual([1]);
      const killed = (await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')) as number;
      expect(killed).toBeGreaterThan(0);
      // Publish until the reconnected subscriber hears it (messages published while it was away are lost
      // by Redis itself; the bus promises resubscription, the sync layer covers the gap by anti-entropy).
      let n = 2;
      await expect
        .poll(
          async () => {
            await a.publish('resub', new Uint8Array([n++]));
            return got.length > 1;
          },
          { timeout: 10_000, interval: 100 },
        )
        .toBe(true);
      expect(got[got.length - 1]).toBeGreaterThan(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
      admin.disconnect();
    }
  });
});
