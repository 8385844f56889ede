import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { connectRecorder, waitFor } from './helpers.ts';

/** No event is silently lost: what a disconnected client missed comes back by cursor. */
describe('catch-up after a reconnect', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });

  it('a client disconnected while two comments were posted gets both after reconnecting', async () => {
    const planId = demo.planId;
    const rec = await connectRecorder(server, api.designer2.token!);
    await rec.join(planId);
    const first = await api.owner1.post(`/api/plans/${planId}/comments`, { body: 'Erster', anchor: { kind: 'plan' } });
    const seen = await rec.first('comment:created', (c) => c.id === first.body.id);
    const cursor = seen.cursor;
    const note = await rec.first('notification:new', (n) => n.notification.commentId === first.body.id);
    const notificationCursor = note.notification.id;

    rec.socket.disconnect();
    const missed = [
      await api.owner1.post(`/api/plans/${planId}/comments`, { body: 'Zweiter', anchor: { kind: 'plan' } }),
      await api.designer1.post(`/api/plans/${planId}/comments`, { body: 'Dritter', parentId: first.body.id }),
    ];
    expect(missed.map((m) => m.status)).toEqual([201, 201]);

    rec.socket.connect();
    await waitFor(() => rec.socket.connected, 5000, 'reconnect');
    await rec.join(planId);
    // Nothing is replayed over the socket: the client asks for what it missed.
    expect(rec.of('comment:created').map((c) => c.id)).toEqual([first.body.id]);
    const since = (await api.designer2.get(`/api/plans/${planId}/comments?since=${cursor}`)).body;
    expect(since.items.map((c: { id: string }) => c.id)).toEqual(missed.map((m) => m.body.id));
    expect(since.cursor).toBe(since.items[1].cursor);
    expect((await api.designer2.get(`/api/plans/${planId}/comments?since=${since.cursor}`)).body.items).toEqual([]);

    const notes = (await api.designer2.get(`/api/notifications?since=${notificationCursor}`)).body;
    expect(notes.items.map((n: { commentId: string }) => n.commentId)).toEqual(missed.map((m) => m.body.id));

    // Live again after the catch-up.
    const fourth = await api.owner1.post(`/api/plans/${planId}/comments`, { body: 'Vierter', anchor: { kind: 'plan' } });
    await rec.first('comment:created', (c) => c.id === fourth.body.id);
    rec.close();
  });
});
