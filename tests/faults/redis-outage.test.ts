import { afterAll, beforeAll, describe, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createWorld, type World } from '../integration/accounts/fixtures.ts';
import { runOutageScenario, startPrivateRedis, type PrivateRedis } from './helpers/redis.ts';

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

  beforeAll(async () => {
    redis = await startPrivateRedis();
    a = await startServer({ env: { REDIS_URL: redis.url, LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'fatal' } });
    b = await startServer({ env: { REDIS_URL: redis.url, LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'fatal' } });
    world = await createWorld(a);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await redis?.close();
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
