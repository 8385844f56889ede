import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisCluster, startPrivateRedisCluster, type PrivateRedisCluster } from '../helpers/private-redis-cluster.ts';
import { redisCli } from '../helpers/redis-processes.ts';
import { connectRecorder, type Recorder } from '../helpers/sockets.ts';
import { runOutageScenario, startInstancePair } from './helpers/redis.ts';

/**
 * Two instances on a private 3-master Redis Cluster (REDIS_CLUSTER_NODES), the bus on sharded pub/sub:
 * stock y-websocket clients on both instances edit and converge, a socket.io event raised on one
 * instance reaches the plan's room on the other, and the master that carries the plan's channel may be
 * away for a while without losing an acknowledged edit.
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

  // Last: it takes a master away for a while.
  it("the master of the plan's channel killed for 3 s while clients edit: no acknowledged edit lost, converged within 10 s", async () => {
    const { a, b, world } = pair!;
    let owner = 0;
    await runOutageScenario({
      name: 'cluster-node',
      outage: 'the master of the plan channel killed for 3 s',
      redis: {
        async stop() {
          for (const port of cluster.ports) {
            const out = await redisCli(['-p', String(port), 'pubsub', 'shardchannels', `planner:yjs:${world.planId}`]);
            if (out.output.trim()) owner = port;
          }
          expect(owner).not.toBe(0);
          await cluster.killNode(owner);
        },
        start: () => cluster.restartNode(owner),
      },
      servers: [a, b],
      planId: world.planId,
      tokens: [world.tokens.staff, world.tokens.designer, world.tokens.staff, world.tokens.designer],
      outageMs: 3000,
    });
  });
});
