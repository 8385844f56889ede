import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer } from '../helpers/private-redis.ts';
import { hasNginx } from '../helpers/proxy.ts';
import { startCluster, type Cluster } from './helpers/proxy-cluster.ts';
import { describeRolling, runRollingRestart } from './helpers/rolling.ts';

/**
 * A rolling restart behind the shipped nginx (issue 21): 30 stock y-websocket clients edit through the
 * proxy while the three instances are restarted one after another (SIGTERM: drain, flush, close with
 * 1001; then started again on the same port). Nothing acknowledged and nothing a connected client sent
 * is lost, every client is back (p99) within 5 s, and the socket.io clients (websocket and polling-only)
 * miss no comment event once they caught up. `pnpm bench --rolling` runs the longer version.
 */
describe.runIf(hasNginx() && hasRedisServer())('rolling restart of three instances behind nginx', () => {
  let cluster: Cluster;
  const databaseUrl = process.env.DATABASE_URL!;

  beforeAll(async () => {
    cluster = await startCluster({ databaseUrl, drainMs: 1000 });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('30 editing clients: 0 edits lost, every client back within 5 s (p99), no socket.io event missed after catch-up', async () => {
    const f = await runRollingRestart(cluster, databaseUrl, {
      clients: 30,
      editEveryMs: 250,
      warmupMs: 1500,
      pauseMs: 1500,
      commentEveryMs: 300,
      rounds: 1,
    });
    console.log(`[fault rolling-restart] ${describeRolling(f)}`);
    // Each instance stopped cleanly (drained, flushed) and its clients moved on.
    expect(f.restarts.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(f.reconnects).toBeGreaterThanOrEqual(f.clients);
    expect(f.closeCodes['1001']).toBeGreaterThan(0);
    expect(f.convergedMs).toBeGreaterThanOrEqual(0);
    expect(f.acknowledgedLost).toBe(0);
    expect(f.sentLost).toBe(0);
    expect(f.editsAcknowledged).toBe(f.editsSent);
    expect(f.notBack).toBe(0);
    expect(f.reconnectP99).toBeLessThanOrEqual(5000);
    expect(f.eventsPosted).toBeGreaterThan(10);
    expect(f.eventsMissed).toBe(0);
    for (const s of f.socketIo) expect(s.reconnects, s.transport).toBeGreaterThan(0);
    // Requests through the proxy never failed: a stopping instance drains, then refuses connections,
    // which nginx passes on; the requests it was serving finish first.
    expect(f.httpErrors).toEqual({});
    expect(f.proxy5xx).toBe(0);
  });
});
