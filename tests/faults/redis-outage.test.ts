import { afterAll, beforeAll, describe, it } from 'vitest';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../integration/accounts/fixtures.ts';
import { runOutageScenario, startRedisPair, type PrivateRedis, type RedisPair } from './helpers/redis.ts';

/**
 * Redis outages during live editing (scenarios a and b of the fault suite): two instances on a private
 * redis-server, stock y-websocket clients on both writing numbered edits; Redis is killed and started
 * again on the same port. Every acknowledged edit must survive, and everything converges within 10 s of
 * recovery.
 */
describe('Redis outage during edits (two instances, private redis-server)', () => {
  let redis: PrivateRedis;
  let a: TestServer;
  let b: TestServer;
  let world: World;

  let pair: RedisPair | undefined;

  beforeAll(async () => {
    pair = await startRedisPair();
    ({ redis, a, b, world } = pair);
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('(a) Redis down for 5 s while clients on both instances keep editing: no acknowledged edit lost', async () => {
    await runOutageScenario({
      name: 'redis-5s',
      redis,
      servers: [a, b],
      planId: world.planId,
      tokens: [world.tokens.staff, world.tokens.designer, world.tokens.staff, world.tokens.designer],
      outageMs: 5000,
    });
  });

  it('(b) Redis down for 12 s, edits stopping during the outage: no acknowledged edit lost', async () => {
    await runOutageScenario({
      name: 'redis-12s',
      redis,
      servers: [a, b],
      planId: world.planId,
      tokens: [world.tokens.staff, world.tokens.designer, world.tokens.staff, world.tokens.designer],
      outageMs: 12_000,
      stopEditsAfterMs: 3000,
    });
  });
});
