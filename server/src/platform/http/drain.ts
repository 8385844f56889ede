import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * Draining before a stop (rolling restarts). On SIGTERM main.ts calls {@link drainAndClose}:
 *
 * 1. `app.drain.begin()`: `GET /api/health` answers 503 `{"status":"draining"}` and every new websocket
 *    upgrade (`/yjs`, `/socket.io`) is refused with 503 (plugins/upgrades.ts), so a proxy or
 *    orchestrator that watches either sends new connections to another instance. Requests, open
 *    sockets and socket.io long-polling keep being served.
 * 2. `SHUTDOWN_DRAIN_MS` later, `app.close()`. This plugin's preClose hook runs first: the instance
 *    stops accepting connections (a proxy's next attempt is refused and goes elsewhere, even a POST,
 *    which was not sent; Fastify would answer 503 to requests arriving during the close instead), and
 *    waits (at most {@link IN_FLIGHT_WAIT_MS}) for the requests under way to finish. Then the sync
 *    plugin writes pending document updates and closes its websockets with 1001 "going away", the
 *    realtime plugin closes socket.io's transports (the clients reconnect elsewhere), and the database
 *    and bus close last.
 */
export interface Drain {
  readonly draining: boolean;
  /** Requests accepted and not yet answered (or aborted): `planner_http_requests_in_flight`. */
  readonly inFlight: number;
  /** Starts draining (idempotent). */
  begin(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    drain: Drain;
  }
}

/** How long the close waits for requests that were under way when the instance stopped listening. */
export const IN_FLIGHT_WAIT_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drains for `drainMs`, then closes the app (every plugin's preClose and onClose hooks). */
export async function drainAndClose(app: FastifyInstance, drainMs: number): Promise<void> {
  app.drain.begin();
  if (drainMs > 0) await sleep(drainMs);
  await app.close();
}

export default fp(
  async (app) => {
    let draining = false;
    /** Requests under way (light-my-request's injected ones included: they end with onResponse). */
    const inFlight = new Set<object>();
    app.decorate('drain', {
      get draining() {
        return draining;
      },
      get inFlight() {
        return inFlight.size;
      },
      begin() {
        if (draining) return;
        draining = true;
        app.log.info('draining: /api/health answers 503 and new websocket upgrades are refused');
      },
    } satisfies Drain);

    app.addHook('onRequest', (req, reply, done) => {
      inFlight.add(req);
      reply.raw.once('close', () => inFlight.delete(req));
      done();
    });
    app.addHook('onResponse', (req, _reply, done) => {
      inFlight.delete(req);
      done();
    });
    app.addHook('onRequestAbort', (req, done) => {
      inFlight.delete(req);
      done();
    });

    // Registered before the sync and realtime plugins, so this runs before they close their sockets.
    app.addHook('preClose', async () => {
      draining = true;
      if (app.server.listening) app.server.close();
      const until = Date.now() + IN_FLIGHT_WAIT_MS;
      while (inFlight.size > 0 && Date.now() < until) await sleep(10);
    });
  },
  { name: 'drain' },
);
