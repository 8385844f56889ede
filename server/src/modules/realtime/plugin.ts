import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import { can, clientEventSchemas, rooms, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '@planner/shared';
import type { RequestActor } from '../accounts/actor.ts';
import { RoomBroadcaster } from './room-broadcaster.ts';
import { originAllowed } from '../accounts/origin.ts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../platform/db/unavailable.ts';

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
    const io: RealtimeServer = new Server(app.server, {
      path: '/socket.io',
      // The Yjs websocket shares the HTTP server: leave other upgrade requests to plugins/upgrades.ts.
      destroyUpgrade: false,
      serveClient: false,
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
      void authenticate(socket, next).catch((err: unknown) => app.log.error({ err }, 'socket handshake failed'));
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
          app.log.error({ err }, 'plan:join failed');
          reply(fail('FORBIDDEN'));
        }
      });

      socket.on('plan:leave', async (payload, ack) => {
        const parsed = clientEventSchemas['plan:leave'].safeParse(payload);
        if (parsed.success) await socket.leave(rooms.plan(parsed.data.planId));
        if (typeof ack === 'function') ack(parsed.success ? { ok: true } : fail('VALIDATION'));
      });
    });

    // Revocations reach this instance's sockets here (every instance hears every change).
    app.auth.revocations.on(async (e) => {
      const mine = [...io.of('/').sockets.values()].filter((s) => s.data.actor?.userId === e.userId);
      if (e.type === 'plan-access') {
        for (const s of mine) {
          if (e.access === 'none') await s.leave(rooms.plan(e.planId));
          s.emit('access:changed', { planId: e.planId, access: e.access });
        }
        return;
      }
      for (const s of mine) {
        const a = s.data.actor;
        const hit =
          (e.all && a.via === 'session') ||
          (e.tokenId && a.tokenId === e.tokenId) ||
          (a.sessionId && e.sessionIds?.includes(a.sessionId));
        if (!hit) continue;
        s.emit('session:revoked', { reason: e.tokenId ? 'token-revoked' : 'logout' });
        s.disconnect(true);
      }
    });

    const broadcaster = new RoomBroadcaster(
      app.bus,
      {
        // Names and payloads were typed where they were sent (RoomBroadcaster.toPlan/toUser/toStaff).
        emitLocal: (room, event, payload) =>
          (io.local.to(room) as unknown as { emit(e: string, p: unknown): boolean }).emit(event, payload),
      },
      (err) => app.log.error({ err }, 'realtime event failed'),
    );
    await broadcaster.start();
    const realtime: Realtime = { io, rooms: broadcaster };
    app.decorate('realtime', realtime);

    // Before the HTTP server closes: it waits for every connection, and an upgraded socket.io one is
    // not among those Fastify force-closes (a connected client held a graceful stop for 15 s, exit 1).
    app.addHook('preClose', async () => {
      // Local only: this instance's sockets (the same as io.disconnectSockets() without an adapter).
      io.local.disconnectSockets(true);
      // io.close() would also close the HTTP server, which Fastify closes itself; only the engine here.
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await broadcaster.stop();
    });
  },
  { name: 'realtime', dependencies: ['config', 'bus', 'auth'] },
);
