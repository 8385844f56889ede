import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { DocAccessLevel } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import { busKind } from '../../helpers/backends.ts';
import { api, freshUser, testDb, tokenFor, PASSWORD, type World } from './fixtures.ts';
import { connectSocket, joinPlan, openProvider, type ClientSocket } from './sockets.ts';

/**
 * Revocation across instances: staff change a membership on instance A; the person's Yjs websocket and
 * socket.io connection on instance B are closed or downgraded within 2 s (real Redis in the second pass,
 * the shared in-process hub in the first).
 */
describe(`revocation across two instances (bus: ${busKind})`, () => {
  let a: TestServer;
  let b: TestServer;
  let world: World;
  test.beforeAll(({ server, server2, world: w }) => {
    [a, b] = [server, server2];
    world = w;
  });

  /** A fresh designer member of the world's plan, with a token. */
  async function memberWithToken() {
    const user = await freshUser();
    await (await testDb()).query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      world.planId,
      user.id,
    ]);
    return { user, token: await tokenFor(a, user.email, PASSWORD) };
  }

  const accessEvents = (socket: ClientSocket) => {
    const seen: { planId: string; access: DocAccessLevel; at: number }[] = [];
    socket.on('access:changed', (e) => seen.push({ ...e, at: Date.now() }));
    return seen;
  };

  const inPlanRoom = (server: TestServer, socketId: string) =>
    server.app.realtime.io.of('/').adapter.rooms.get(`plan:${world.planId}`)?.has(socketId) ?? false;

  it('removing a member closes their websocket and takes them out of the plan room on the other instance', async () => {
    const { user, token } = await memberWithToken();
    const yjs = await openProvider(b, world.planId, token);
    const { socket } = await connectSocket(b, { token });
    expect(await joinPlan(socket!, world.planId)).toEqual({ ok: true });
    expect(inPlanRoom(b, socket!.id!)).toBe(true);
    let closedAt = 0;
    let closeCode = 0;
    yjs.provider.on('connection-close', (event: { code?: number } | null) => {
      if (!closedAt) {
        closedAt = Date.now();
        closeCode = event?.code ?? 0;
      }
    });
    const seen = accessEvents(socket!);
    try {
      const res = await api(a, world, 'staff', 'DELETE', `/api/plans/${world.planId}/members/${user.id}`);
      expect(res.status).toBe(204);
      const start = Date.now();
      await expect.poll(() => closedAt > 0 && seen.length > 0, { timeout: 2000, interval: 20 }).toBe(true);
      expect(closedAt - start).toBeLessThan(2000);
      expect(closeCode).toBe(4403);
      expect(seen[0]).toMatchObject({ planId: world.planId, access: 'none' });
      expect(inPlanRoom(b, socket!.id!)).toBe(false);
      // And they cannot come back.
      expect(await joinPlan(socket!, world.planId)).toMatchObject({ ok: false, status: 403 });
    } finally {
      socket!.close();
      yjs.close();
    }
  });

  it('downgrading a designer to owner makes their open websocket read-only on the other instance', async () => {
    const { user, token } = await memberWithToken();
    const yjs = await openProvider(b, world.planId, token);
    const { socket } = await connectSocket(b, { token });
    expect(await joinPlan(socket!, world.planId)).toEqual({ ok: true });
    const seen = accessEvents(socket!);
    try {
      yjs.doc.getMap('meta').set(`before-${user.id}`, 1);
      await expect.poll(async () => b.app.sync.withDoc(world.planId, (d) => d.getMap('meta').get(`before-${user.id}`))).toBe(1);
      const res = await api(a, world, 'staff', 'PATCH', `/api/plans/${world.planId}/members/${user.id}`, { role: 'owner' });
      expect(res.status).toBe(200);
      expect(res.body.access).toBe('read');
      await expect.poll(() => seen.map((e) => e.access), { timeout: 2000, interval: 20 }).toEqual(['read']);
      // Still connected and still in the room, but edits are dropped now.
      expect(yjs.provider.wsconnected).toBe(true);
      expect(inPlanRoom(b, socket!.id!)).toBe(true);
      yjs.doc.getMap('meta').set(`after-${user.id}`, 1);
      // A designer's later edit arrives everywhere, the downgraded one never does.
      const designer = await openProvider(a, world.planId, world.tokens.designer);
      try {
        designer.doc.getMap('meta').set(`marker-${user.id}`, 1);
        await expect.poll(() => yjs.doc.getMap('meta').get(`marker-${user.id}`)).toBe(1);
        await expect.poll(async () => b.app.sync.withDoc(world.planId, (d) => d.getMap('meta').get(`marker-${user.id}`))).toBe(1);
        expect(await b.app.sync.withDoc(world.planId, (d) => d.getMap('meta').get(`after-${user.id}`))).toBeUndefined();
        expect(designer.doc.getMap('meta').get(`after-${user.id}`)).toBeUndefined();
      } finally {
        designer.close();
      }
    } finally {
      socket!.close();
      yjs.close();
    }
  });

  it('revoking a bearer token disconnects the socket.io connection it opened, on the other instance', async () => {
    const { user } = await memberWithToken();
    const res = await fetch(`${a.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const { id, token } = (await res.json()) as { id: string; token: string };
    const { socket } = await connectSocket(b, { token });
    let reason = '';
    socket!.on('disconnect', (r) => (reason = r));
    const revoked = await fetch(`${a.url}/api/auth/tokens/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(204);
    await expect.poll(() => reason, { timeout: 2000, interval: 20 }).toBe('io server disconnect');
    expect((await connectSocket(b, { token })).status).toBe(401);
  });
});
