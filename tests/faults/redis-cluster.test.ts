import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisCluster, startPrivateRedisCluster, type PrivateRedisCluster } from '../helpers/private-redis-cluster.ts';
import { connectRecorder, type Recorder } from '../helpers/sockets.ts';
import { runOutageScenario, startInstancePair } from './helpers/redis.ts';

/**
 * Two instances on a private 3-master Redis Cluster (REDIS_CLUSTER_NODES), the bus on sharded pub/sub:
 * stock y-websocket clients on both instances edit and converge, and a socket.io event raised on one
 * instance reaches the plan's room on the other.
 */
describe.runIf(hasRedisCluster())('Redis Cluster with two instances', () => {
  let cluster: PrivateRedisCluster;
  let pair: Awaited<ReturnType<typeof startInstancePair>> | undefined;

  beforeAll(async () => {
    cluster = await startPrivateRedisCluster();
    pair = await startInstancePair({ REDIS_CLUSTER_NODES: cluster.nodes });
  });
  afterAll(async () => {
    await pair?.close();
    await cluster?.close();
  });

  it('clients on both instances edit and converge; nothing acknowledged is lost', async () => {
    const { a, b, world } = pair!;
    expect(a.app.config.redis?.mode).toBe('cluster');
    await runOutageScenario({
      name: 'cluster',
      outage: 'no outage, bus on a 3-master cluster',
      redis: { stop: async () => {}, start: async () => {} },
      servers: [a, b],
      planId: world.planId,
      tokens: [world.tokens.staff, world.tokens.designer, world.tokens.staff, world.tokens.designer],
      outageMs: 0,
    });
  });

  it('a comment posted on A reaches the plan room on B (socket.io across instances)', async () => {
    const { a, b, world } = pair!;
    const recorders: Recorder[] = [];
    try {
      const onB = await connectRecorder(b, world.tokens.designer);
      recorders.push(onB);
      await onB.join(world.planId);
      const posted = await fetch(`${a.url}/api/plans/${world.planId}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.tokens.staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Über den Cluster', anchor: { kind: 'plan' }, mentions: [] }),
      });
      expect(posted.status, await posted.clone().text()).toBe(201);
      const comment = (await posted.json()) as { id: string };
      await onB.first('comment:created', (c) => c.id === comment.id);
    } finally {
      for (const r of recorders) r.close();
    }
  });
});
