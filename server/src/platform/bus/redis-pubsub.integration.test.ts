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

  it('connecting for the first time is not a recovery: no health change is reported', async () => {
    // A "recovered" bus makes every instance drop its socket.io clients so that they catch up; reported
    // on the first connect, it dropped the clients of a freshly started server (comments.test.ts lost a
    // live notification that way).
    const a = new RedisPubSub(url!, { prefix });
    const heard: boolean[] = [];
    a.onHealth((h) => heard.push(h));
    try {
      expect(a.healthy).toBe(true);
      await a.subscribe('first', () => {});
      await new Promise((r) => setTimeout(r, 1500));
      expect(a.healthy).toBe(true);
      expect(heard).toEqual([]);
    } finally {
      await a.close();
    }
  });

  it('resubscribes by itself after its subscriber connection is killed and receives the next message', async () => {
    const a = new RedisPubSub(url!, { prefix });
    const b = new RedisPubSub(url!, { prefix, name: `kill-me-${prefix}` });
    const admin = new Redis(url!);
    try {
      const got: number[] = [];
      await b.subscribe('resub', (m) => got.push(m[0]));
      await a.publish('resub', new Uint8Array([1]));
      await expect.poll(() => got).toEqual([1]);
      // Only b's subscriber: CLIENT KILL TYPE pubsub would also cut the buses of the other test files
      // running at the same time against this shared Redis.
      const clients = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
      const line = clients.split('\n').find((l) => l.includes(` name=kill-me-${prefix}-sub `));
      const id = line?.match(/^id=(\d+)/)?.[1];
      expect(id).toBeDefined();
      const killed = (await admin.call('CLIENT', 'KILL', 'ID', id!)) as string | number;
      expect(String(killed)).toMatch(/^(OK|1)$/);
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
