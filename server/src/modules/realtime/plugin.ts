import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import { can, clientEventSchemas, rooms, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '@planner/shared';
import type { RequestActor } from '../accounts/actor.ts';
import * as Y from 'yjs';
import { RoomBroadcaster } from './room-broadcaster.ts';
import { BusKind, channelOf, encodeBusMessage } from '../../sync/bus-messages.ts';
import { isPublished } from '../../sync/origin.ts';
import { originAllowed } from '../accounts/origin.ts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../platform/db/unavailable.ts';
import { credentialRevoked } from '../accounts/revocation.ts';
import { upgradeRequestId } from '../../platform/http/request-id.ts';

/** A grant without an open connection is forgotten after this long (the upgrade may still be under way). */
const GRANT_GRACE_MS = 30_000;

const credentialOf = (a: RequestActor | undefined): string | undefined =>
  !a ? undefined : a.via === 'session' ? `session:${a.sessionId}` : `token:${a.tokenId}`;

/** What the server keeps per socket. */
export interface SocketData {
  actor: RequestActor;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Typed emits to a person's, a plan's or the staff room on every instance: `rooms` sends each event once
 * over the bus and every instance emits it to its own sockets (there is no socket.io adapter).
 */
export interface Realtime {
  io: RealtimeServer;
  rooms: RoomBroadcaster;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime;
  }
}

const fail = (code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION'): Ack => ({
  ok: false,
  code,
  status: ({ UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VALIDATION: 400 } as const)[code],
});

/**
 * socket.io on the app's HTTP server (`/socket.io`): handshakes authenticated by session cookie,
 * `auth.token` or `?token=`; every socket joins its person's room; plan rooms are joined on request,
 * checked against the permission matrix. Revocations heard on the bus make sockets leave plan rooms or
 * disconnect, on every instance.
 */
export default fp(
  async (app) => {
    let io!: RealtimeServer;
    // socket.io's upgrade listener goes through plugins/upgrades.ts (refused while draining).
    app.upgrades.adopt('/socket.io', () => {
      io = new Server(app.server, {
        path: '/socket.io',
        // The Yjs websocket shares the HTTP server: leave other upgrade requests to plugins/upgrades.ts.
        destroyUpgrade: false,
        serveClient: false,
      });
    });
    // No socket.io Redis adapter. Every event goes out through the RoomBroadcaster below: once over the
    // app's bus (Redis, or the in-process bus of the embedded default), and each instance emits it to
    // its own sockets (`io.local`). One fan-out path for both backends; the adapter was a second,
    // unused one (two more Redis connections per instance, and double delivery if anyone had emitted
    // through it). Missed events are caught up over HTTP (`?since=` cursors of the durable records),
    // which neither path replaces. Room membership is per instance, which is all the broadcaster needs.

    // Authenticates a handshake. socket.io expects a callback without a result: the middleware below calls this
    // and handles the promise itself.
    const authenticate = async (socket: RealtimeSocket, next: (err?: Error) => void): Promise<void> => {
      try {
        const { headers, auth, query } = socket.handshake;
        const authToken = typeof auth?.token === 'string' ? auth.token : null;
        const queryToken = typeof query.token === 'string' ? query.token : null;
        const actor = await app.auth.resolver.resolve({ headers, authToken, queryToken });
        if (!actor) {
          const err = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
          err.data = { code: 'UNAUTHENTICATED', status: 401 };
          return next(err);
        }
        if (actor.via === 'session' && !originAllowed(headers, app.config.publicUrl)) {
          const err = new Error('FORBIDDEN') as Error & { data?: unknown };
          err.data = { code: 'FORBIDDEN', status: 403 };
          return next(err);
        }
        socket.data.actor = actor;
        next();
      } catch (err) {
        // A database outage refuses the handshake as the REST API does: 503, try again shortly.
        if (!isDatabaseUnavailable(err)) return next(err as Error);
        const refused = new Error('UNAVAILABLE') as Error & { data?: unknown };
        refused.data = { code: 'UNAVAILABLE', status: 503, retryAfter: DATABASE_RETRY_AFTER_SECONDS };
        next(refused);
      }
    };
    io.use((socket, next) => {
      void authenticate(socket, next).catch((err: unknown) =>
        app.log.error({ err, socketId: socket.id, reqId: upgradeRequestId(socket.request) }, 'socket handshake failed'),
      );
    });

    io.on('connection', (socket: RealtimeSocket) => {
      const actor = socket.data.actor;
      void socket.join(rooms.user(actor.userId));
      // Staff see every plan and conflict across the city: one room reaches all of them.
      if (actor.staff) void socket.join(rooms.staff);

      socket.on('plan:join', async (payload, ack) => {
        const reply = typeof ack === 'function' ? ack : () => {};
        try {
          const parsed = clientEventSchemas['plan:join'].safeParse(payload);
          if (!parsed.success) return reply(fail('VALIDATION'));
          const { planId } = parsed.data;
          const ctx = await app.auth.planContext(actor, planId);
          if (!ctx) return reply(fail('NOT_FOUND'));
          if (!can(actor, 'plan.read', ctx.resource)) return reply(fail('FORBIDDEN'));
          await socket.join(rooms.plan(planId));
          reply({ ok: true });
        } catch (err) {
          app.log.error({ err, socketId: socket.id }, 'plan:join failed');
          reply(fail('FORBIDDEN'));
        }
      });

      socket.on('plan:leave', async (payload, ack) => {
        const parsed = clientEventSchemas['plan:leave'].safeParse(payload);
        if (parsed.success) await socket.leave(rooms.plan(parsed.data.planId));
        if (typeof ack === 'function') ack(parsed.success ? { ok: true } : fail('VALIDATION'));
      });
    });

    // Revocations reach this instance's sockets here: applied at once on the instance that made the
    // change, and heard over the bus on the others.
    const localSockets = () => [...io.of('/').sockets.values()];
    app.auth.revocations.on(async (e) => {
      const mine = localSockets().filter((s) => s.data.actor?.userId === e.userId);
      if (e.type === 'plan-access') {
        for (const s of mine) {
          if (e.access === 'none') await s.leave(rooms.plan(e.planId));
          s.emit('access:changed', { planId: e.planId, access: e.access });
        }
        return;
      }
      for (const s of mine) {
        if (!credentialRevoked(e, credentialOf(s.data.actor))) continue;
        s.emit('session:revoked', { reason: s.data.actor.via === 'token' ? 'token-revoked' : 'logout' });
        s.disconnect(true);
      }
    });

    // While the bus is down, changes made on other instances cannot reach this one: every open
    // connection's access is checked against the database instead (every few seconds, and once more
    // when the bus is back). Closing and downgrading are always applied (fail closed); a pass's possibly
    // older answer never grants write access over a change applied meanwhile.
    app.auth.revocations.onRecheck(async ({ check, changedSince }) => {
      if (app.hasDecorator('sync')) {
        const sync = (app as unknown as { sync: import('./sync-plugin.ts').SyncApi }).sync;
        for (const g of app.docGrants.list()) {
          if (g.credential && !(await check.credentialAlive(g.userId, g.credential))) {
            sync.closeWhere(g.userId, (c) => c === g.credential);
            app.docGrants.drop(g);
            continue;
          }
          const access = await check.planAccess(g.userId, g.docId);
          if (access === 'write' && changedSince(g.userId)) continue;
          const open = sync.setAccess(g.docId, g.userId, access);
          // No such connection any more (closed long ago): forget it.
          if (access === 'none' || (open === 0 && Date.now() - g.at > GRANT_GRACE_MS)) app.docGrants.drop(g);
        }
      }
      for (const s of localSockets()) {
        const actor = s.data.actor;
        if (!actor || !s.connected) continue;
        const credential = credentialOf(actor);
        if (credential && !(await check.credentialAlive(actor.userId, credential))) {
          s.emit('session:revoked', { reason: actor.via === 'token' ? 'token-revoked' : 'logout' });
          s.disconnect(true);
          continue;
        }
        for (const room of [...s.rooms]) {
          if (!room.startsWith('plan:')) continue;
          const planId = room.slice('plan:'.length);
          const access = await check.planAccess(actor.userId, planId);
          if (access !== 'none') continue;
          await s.leave(room);
          s.emit('access:changed', { planId, access });
        }
      }
    });

    // The grants of connections closed since are forgotten once a minute, so the list stays as long as
    // the open connections (a credential's grants stay while it has any open connection here).
    if (app.hasDecorator('sync')) {
      const sync = (app as unknown as { sync: import('./sync-plugin.ts').SyncApi }).sync;
      const sweep = setInterval(() => {
        const open = new Set<string>();
        for (const g of app.docGrants.list()) {
          if (Date.now() - g.at < GRANT_GRACE_MS) continue;
          const key = `${g.userId}\u0000${g.credential ?? ''}`;
          if (!open.has(key)) {
            // Counts without closing anything: the match only looks.
            let found = false;
            sync.closeWhere(g.userId, (c) => {
              if (c === g.credential) found = true;
              return false;
            });
            if (!found) {
              app.docGrants.drop(g);
              continue;
            }
            open.add(key);
          }
        }
      }, 60_000);
      sweep.unref?.();
      app.addHook('onClose', async () => clearInterval(sweep));
    }

    // After a bus outage, the live documents edited here meanwhile lack what other instances wrote, and
    // they lack these edits: one anti-entropy round (the sync library's QUERY message) per such document
    // as soon as the bus is back, instead of waiting for the periodic round (up to ~45 s) or the next edit.
    if (app.hasDecorator('sync')) {
      const sync = (app as unknown as { sync: import('./sync-plugin.ts').SyncApi }).sync;
      const editedWhileDown = new Set<string>();
      const offUpdate = sync.onUpdate((docId, _update, origin) => {
        if (app.bus.healthy === false && isPublished(origin.kind)) editedWhileDown.add(docId);
      });
      const offHealth = app.bus.onHealth?.((healthy) => {
        if (!healthy) return;
        const docs = [...editedWhileDown];
        editedWhileDown.clear();
        for (const docId of docs) {
          void sync
            .withDoc(docId, (doc) => Y.encodeStateVector(doc))
            .then((sv) => app.bus.publish(channelOf(docId), encodeBusMessage(BusKind.QUERY, `resync:${sync.instanceId}`, 0, sv)))
            .catch((err: unknown) => app.log.warn({ err, docId }, 'anti-entropy after the bus outage failed'));
        }
      });
      app.addHook('onClose', async () => {
        offUpdate();
        offHealth?.();
      });
    }

    const broadcaster = new RoomBroadcaster(
      app.bus,
      {
        // Names and payloads were typed where they were sent (RoomBroadcaster.toPlan/toUser/toStaff).
        emitLocal: (room, event, payload) =>
          (io.local.to(room) as unknown as { emit(e: string, p: unknown): boolean }).emit(event, payload),
      },
      (err) => app.log.error({ err }, 'realtime event failed'),
      () => {
        // The bus is back after an outage: events of other instances may have been missed. Every
        // socket.io client of this instance reconnects (a transport close, so socket.io's client
        // reconnects by itself), rejoins its rooms and catches up over HTTP (`?since=` cursors).
        const sockets = localSockets();
        if (sockets.length) app.log.warn({ sockets: sockets.length }, 'bus recovered: socket.io clients reconnect to catch up');
        for (const s of sockets) s.conn.close();
      },
    );
    await broadcaster.start();
    const realtime: Realtime = { io, rooms: broadcaster };
    app.decorate('realtime', realtime);

    // Before the HTTP server closes: it waits for every connection, and an upgraded socket.io one is
    // not among those Fastify force-closes (a connected client held a graceful stop for 15 s, exit 1).
    app.addHook('preClose', async () => {
      // Local only: this instance's sockets. A transport close, not a server-side disconnect: socket.io's
      // client does not reconnect after "io server disconnect", and after a stop it should, through the
      // proxy to another instance (a rolling restart), then rejoin its rooms and catch up (`?since=`).
      for (const s of localSockets()) s.conn.close();
      // io.close() would also close the HTTP server, which Fastify closes itself; only the engine here.
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await broadcaster.stop();
    });
  },
  { name: 'realtime', dependencies: ['config', 'bus', 'auth'] },
);
