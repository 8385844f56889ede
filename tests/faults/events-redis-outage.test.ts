import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.ts';
import { connectRecorder, type Recorder } from '../helpers/sockets.ts';
import { openSyncedDoc, type DocClient } from '../helpers/yjs.ts';
import type { World } from '../integration/accounts/fixtures.ts';
import { sleep, startRedisPair, type PrivateRedis, type RedisPair } from './helpers/redis.ts';

/**
 * Finding 11: a socket.io event raised during a Redis outage. A comment posted on instance A while Redis
 * is down must reach the socket.io clients of the plan on both instances once Redis is back, or the
 * server must disconnect them so that they rejoin and catch up (`?since=`). Nothing is silently lost.
 */
describe('socket.io events during a Redis outage (two instances, private redis-server)', () => {
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

  it('(d) a comment posted on A while Redis is down reaches the plan room on B after recovery, or B makes its client catch up', async () => {
    const recorders: Recorder[] = [];
    let editor: DocClient | null = null;
    try {
      // Someone has the plan open on A (so its document is live there while Redis is away).
      editor = await openSyncedDoc(a.wsUrl, world.planId, { token: world.tokens.designer });
      const onA = await connectRecorder(a, world.tokens.designer);
      const onB = await connectRecorder(b, world.tokens.designer);
      recorders.push(onA, onB);
      await Promise.all([onA.join(world.planId), onB.join(world.planId)]);
      const disconnectedAt = new Map<Recorder, number>();
      for (const r of recorders) r.socket.on('disconnect', () => disconnectedAt.set(r, Date.now()));

      await redis.stop();
      await sleep(500);
      const posted = await fetch(`${a.url}/api/plans/${world.planId}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.tokens.staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'Während Redis weg ist', anchor: { kind: 'plan' }, mentions: [] }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(posted.status, await posted.clone().text()).toBe(201);
      const comment = (await posted.json()) as { id: string };
      await sleep(4500);
      await redis.start();
      const recoveredAt = Date.now();

      // Each client either hears the event or is told to catch up (disconnected by the server).
      const outcome = (r: Recorder) => {
        if (r.of('comment:created').some((c) => c.id === comment.id)) return 'event';
        if (disconnectedAt.has(r)) return 'disconnected';
        return null;
      };
      await expect.poll(() => recorders.every((r) => outcome(r) !== null), { timeout: 10_000, interval: 50 }).toBe(true);
      const ms = Date.now() - recoveredAt;
      // A disconnected client rejoins and catches up over HTTP, and finds the comment there.
      for (const [r, server] of [
        [onA, a],
        [onB, b],
      ] as const) {
        if (outcome(r) !== 'disconnected') continue;
        const again = await connectRecorder(server, world.tokens.designer);
        recorders.push(again);
        await again.join(world.planId);
        const res = await fetch(`${server.url}/api/plans/${world.planId}/comments?since=0`, {
          headers: { authorization: `Bearer ${world.tokens.designer}` },
        });
        const body = (await res.json()) as { items: { id: string }[] };
        expect(body.items.map((c) => c.id)).toContain(comment.id);
      }
      const heard = (r: Recorder) => r.of('comment:created').some((c) => c.id === comment.id);
      console.log(
        `[fault events] comment posted on A during a Redis outage: client on A got the event ${heard(onA) ? 'yes' : 'no'}` +
          `${disconnectedAt.has(onA) ? ' (and was reconnected)' : ''}, client on B got the event ${heard(onB) ? 'yes' : 'no'}` +
          `${disconnectedAt.has(onB) ? ' (and was reconnected)' : ''}; settled ${ms} ms after recovery`,
      );
    } finally {
      editor?.close();
      for (const r of recorders) r.close();
    }
  });
});
