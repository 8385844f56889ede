import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.ts';
import { connectRecorder, type Recorder } from '../helpers/sockets.ts';
import { connectDoc } from '../helpers/yjs.ts';
import { freshUser, PASSWORD, testDb, tokenFor, type World } from '../integration/accounts/fixtures.ts';
import {
  databaseEdits,
  EditWriter,
  editsIn,
  instanceEdits,
  missing,
  sleep,
  startRedisPair,
  type PrivateRedis,
  type RedisPair,
} from './helpers/redis.ts';

/**
 * Finding 1: revocation during a Redis outage. A member is removed on instance A while Redis is down.
 * The caller gets success once the row is committed; A closes the member's socket before answering;
 * B, which cannot hear the bus, finds out by its database re-check within a few seconds (and A answers
 * only after B's re-check interval). The revoked sockets write nothing after the answer, before or
 * after Redis returns, on either instance; the other clients' edits all survive.
 */
describe('revocation during a Redis outage (two instances, private redis-server)', () => {
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

  it('(c) removing a member while Redis is down: 204, and their sockets on both instances never write again', async () => {
    const user = await freshUser();
    await (await testDb()).query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      world.planId,
      user.id,
    ]);
    const token = await tokenFor(a, user.email, PASSWORD);
    const others = [
      new EditWriter('revoke-staffA', a.wsUrl, world.planId, world.tokens.staff),
      new EditWriter('revoke-designerB', b.wsUrl, world.planId, world.tokens.designer),
    ];
    const onA = new EditWriter('revoke-removedA', a.wsUrl, world.planId, token);
    const onB = new EditWriter('revoke-removedB', b.wsUrl, world.planId, token);
    const all = [...others, onA, onB];
    let room: Recorder | null = null;
    try {
      await Promise.all(all.map((w) => w.client.synced));
      // The member's socket.io client on B, in the plan's room.
      room = await connectRecorder(b, token);
      await room.join(world.planId);
      for (const w of all) w.start(50);
      await sleep(2000);
      await redis.stop();
      const downAt = Date.now();
      await sleep(500);

      const requestedAt = Date.now();
      const res = await fetch(`${a.url}/api/plans/${world.planId}/members/${user.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${world.tokens.staff}` },
        signal: AbortSignal.timeout(10_000),
      });
      const answeredAt = Date.now();
      expect(res.status).toBe(204);
      // By the answer, B's re-check has also taken the member out of the plan room.
      const inRoomOnB = b.app.realtime.io.of('/').adapter.rooms.get(`plan:${world.planId}`)?.has(room.socket.id!) ?? false;
      expect(inRoomOnB).toBe(false);
      await room.first('access:changed', (e) => e.planId === world.planId && e.access === 'none', 1000);

      // B hears nothing over the bus: its database re-check must close the socket within ~5 s.
      await expect.poll(() => onB.closedAt, { timeout: 7000, interval: 50 }).toBeGreaterThan(0);
      const noticedOnB = onB.closedAt - answeredAt;
      expect(onA.closedAt).toBeGreaterThan(0);
      await sleep(Math.max(0, 8000 - (Date.now() - downAt)));
      await redis.start();
      const recoveredAt = Date.now();
      await sleep(2000);
      for (const w of all) w.stop();

      const everything = others.flatMap((w) => w.all());
      const converged = async () => {
        for (const w of others) if (missing(everything, editsIn(w.doc)).length) return false;
        for (const s of [a, b]) if (missing(everything, await instanceEdits(s, world.planId)).length) return false;
        return true;
      };
      await expect.poll(converged, { timeout: 10_000 - (Date.now() - recoveredAt), interval: 100 }).toBe(true);
      const convergenceMs = Date.now() - recoveredAt;
      await expect.poll(() => others.every((w) => w.acked().length === w.all().length), { timeout: 5000 }).toBe(true);

      const inDb = await databaseEdits(world.planId);
      const views = [
        inDb,
        await instanceEdits(a, world.planId),
        await instanceEdits(b, world.planId),
        ...others.map((w) => editsIn(w.doc)),
      ];
      // What each revoked socket got written after a moment `t`, in any view.
      const writtenAfter = (w: EditWriter, t: number) =>
        w.sent.filter((e) => e.at > t && views.some((v) => v.has(`${w.name}:${e.n}`))).length;
      const afterAnswerA = writtenAfter(onA, answeredAt);
      const afterAnswerB = writtenAfter(onB, answeredAt);
      const afterCloseB = writtenAfter(onB, onB.closedAt);
      const acked = others.flatMap((w) => w.acked());
      console.log(
        `[fault revocation] DELETE member during Redis outage: ${res.status} after ${answeredAt - requestedAt} ms; ` +
          `socket on A closed ${onA.closedAt - answeredAt} ms after the answer (code ${onA.closeCode}), ` +
          `on B ${noticedOnB} ms after (code ${onB.closeCode}); edits written after the answer: A ${afterAnswerA}, ` +
          `B ${afterAnswerB} (after B closed it: ${afterCloseB}); others: sent ${everything.length}, acknowledged ${acked.length}, ` +
          `found in database ${[...inDb].filter((e) => e.startsWith('revoke-staffA') || e.startsWith('revoke-designerB')).length}; ` +
          `converged ${convergenceMs} ms after recovery`,
      );
      expect(onA.closeCode).toBe(4403);
      expect(onB.closeCode).toBe(4403);
      // Nothing written after the answer, on either instance (the answer waits for B's re-check)...
      expect(afterAnswerA).toBe(0);
      expect(afterAnswerB).toBe(0);
      // ...and B's re-check found it within a few seconds of the commit.
      expect(noticedOnB).toBeLessThanOrEqual(6000);
      expect(afterCloseB).toBe(0);
      expect(missing(acked, inDb)).toEqual([]);
      expect(convergenceMs).toBeLessThanOrEqual(10_000);
    } finally {
      room?.close();
      for (const w of all) w.close();
    }
  });

  it('(c2) changing the password while Redis is down: the tokens are revoked and their sockets on both instances never write again', async () => {
    const user = await freshUser();
    await (await testDb()).query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      world.planId,
      user.id,
    ]);
    const token = await tokenFor(a, user.email, PASSWORD);
    const onA = new EditWriter('password-tokenA', a.wsUrl, world.planId, token);
    const onB = new EditWriter('password-tokenB', b.wsUrl, world.planId, token);
    let events: Recorder | null = null;
    try {
      await Promise.all([onA.client.synced, onB.client.synced]);
      events = await connectRecorder(b, token);
      let socketGoneAt = 0;
      events.socket.on('disconnect', () => {
        socketGoneAt ||= Date.now();
      });
      onA.start(50);
      onB.start(50);
      await sleep(1000);
      await redis.stop();
      await sleep(500);
      const requestedAt = Date.now();
      const res = await fetch(`${a.url}/api/auth/password`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'ein-neues-langes-passwort-8' }),
        signal: AbortSignal.timeout(10_000),
      });
      const answeredAt = Date.now();
      expect(res.status).toBe(204);
      await sleep(2000);
      await redis.start();
      await sleep(1500);
      onA.stop();
      onB.stop();
      const views = [
        await databaseEdits(world.planId),
        await instanceEdits(a, world.planId),
        await instanceEdits(b, world.planId),
      ];
      const writtenAfter = (w: EditWriter, t: number) =>
        w.sent.filter((e) => e.at > t && views.some((v) => v.has(`${w.name}:${e.n}`))).length;
      console.log(
        `[fault password] password change during Redis outage: ${res.status} after ${answeredAt - requestedAt} ms; ` +
          `token sockets closed ${onA.closedAt - answeredAt} ms (A, code ${onA.closeCode}) and ${onB.closedAt - answeredAt} ms ` +
          `(B, code ${onB.closeCode}) after the answer; socket.io on B gone ${socketGoneAt - answeredAt} ms after; ` +
          `edits written after the answer: A ${writtenAfter(onA, answeredAt)}, B ${writtenAfter(onB, answeredAt)}`,
      );
      expect([onA.closeCode, onB.closeCode]).toEqual([4403, 4403]);
      expect(onB.closedAt).toBeLessThanOrEqual(answeredAt);
      expect(socketGoneAt).toBeGreaterThan(0);
      expect(socketGoneAt).toBeLessThanOrEqual(answeredAt);
      expect(writtenAfter(onA, answeredAt)).toBe(0);
      expect(writtenAfter(onB, answeredAt)).toBe(0);
      const again = await fetch(`${b.url}/api/auth/session`, { headers: { authorization: `Bearer ${token}` } });
      expect(again.status).toBe(401);
    } finally {
      events?.close();
      onA.close();
      onB.close();
    }
  });

  it('(c3) downgrading a designer to owner while Redis is down: their socket on the other instance is read-only by the answer', async () => {
    const user = await freshUser();
    await (await testDb()).query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      world.planId,
      user.id,
    ]);
    const token = await tokenFor(a, user.email, PASSWORD);
    const onB = new EditWriter('downgrade-B', b.wsUrl, world.planId, token);
    try {
      await onB.client.synced;
      onB.start(50);
      await sleep(1000);
      await redis.stop();
      await sleep(500);
      const requestedAt = Date.now();
      const res = await fetch(`${a.url}/api/plans/${world.planId}/members/${user.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${world.tokens.staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'owner' }),
        signal: AbortSignal.timeout(10_000),
      });
      const answeredAt = Date.now();
      expect(res.status).toBe(200);
      await sleep(2000);
      await redis.start();
      await sleep(1500);
      onB.stop();
      const views = [
        await databaseEdits(world.planId),
        await instanceEdits(a, world.planId),
        await instanceEdits(b, world.planId),
      ];
      const after = onB.sent.filter((e) => e.at > answeredAt && views.some((v) => v.has(`${onB.name}:${e.n}`))).length;
      const before = onB.sent.filter((e) => e.at < requestedAt && views.some((v) => v.has(`${onB.name}:${e.n}`))).length;
      console.log(
        `[fault downgrade] designer to owner during Redis outage: ${res.status} after ${answeredAt - requestedAt} ms; ` +
          `socket on B still open: ${onB.closedAt === 0}; edits written before the request ${before}, after the answer ${after}`,
      );
      // Downgraded in place: still connected, reading, but nothing written after the answer.
      expect(onB.closedAt).toBe(0);
      expect(before).toBeGreaterThan(0);
      expect(after).toBe(0);
    } finally {
      onB.close();
    }
  });

  it('(c4) revoking a token and signing out while Redis is down: the sockets they opened on the other instance are closed by the answer', async () => {
    const user = await freshUser();
    await (await testDb()).query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      world.planId,
      user.id,
    ]);
    const created = await fetch(`${a.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const { id: tokenId, token } = (await created.json()) as { id: string; token: string };
    const login = await fetch(`${a.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const byToken = new EditWriter('token-B', b.wsUrl, world.planId, token);
    const byCookie = connectDoc(b.wsUrl, world.planId, { headers: { cookie, origin: b.url } });
    let cookieClosedAt = 0;
    byCookie.provider.on('connection-close', () => {
      cookieClosedAt ||= Date.now();
    });
    try {
      await Promise.all([byToken.client.synced, byCookie.synced]);
      await redis.stop();
      await sleep(500);
      const revoke = await fetch(`${a.url}/api/auth/tokens/${tokenId}`, {
        method: 'DELETE',
        headers: { cookie, 'x-csrf-token': csrfToken, origin: a.url },
        signal: AbortSignal.timeout(10_000),
      });
      const revokedAt = Date.now();
      const logout = await fetch(`${a.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, origin: a.url },
        signal: AbortSignal.timeout(10_000),
      });
      const loggedOutAt = Date.now();
      console.log(
        `[fault credentials] during a Redis outage: token revoked ${revoke.status}, socket on B closed ` +
          `${byToken.closedAt - revokedAt} ms after the answer (code ${byToken.closeCode}); signed out ${logout.status}, ` +
          `socket on B closed ${cookieClosedAt - loggedOutAt} ms after the answer`,
      );
      expect([revoke.status, logout.status]).toEqual([204, 204]);
      expect(byToken.closeCode).toBe(4403);
      expect(byToken.closedAt).toBeGreaterThan(0);
      expect(byToken.closedAt).toBeLessThanOrEqual(revokedAt);
      expect(cookieClosedAt).toBeGreaterThan(0);
      expect(cookieClosedAt).toBeLessThanOrEqual(loggedOutAt);
    } finally {
      await redis.start();
      byToken.close();
      byCookie.close();
    }
  });
});
