import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { platformRoutes } from '@planner/shared';
import { AppError } from '../errors.ts';
import { route } from '../http/routes.ts';
import { probe } from '../http/health.ts';
import { registerSyncCollectors, type SyncSource } from './sync-collectors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: {
      /**
       * This app's own registry (never prom-client's global one: several apps may share a process); the
       * answer adds the process's default metrics to it.
       */
      registry: Registry;
      /** Where the internal listener (METRICS_PORT) listens once the app is ready; null without one. */
      internalAddress(): AddressInfo | null;
    };
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether `Authorization: Bearer <token>` names the token, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  // Both sides hashed: equal lengths for timingSafeEqual, and the time says nothing about the token.
  return timingSafeEqual(digest(m ? m[1] : ''), digest(token)) && m !== null;
}

let processRegistry: Registry | null = null;

/**
 * The process's default metrics (CPU, memory, handles, event loop lag, GC): the same for every app in
 * a process, so collected once into a registry of their own (never prom-client's global one) and merged
 * into each app's answer. One collector per app would add a GC observer per app that is never removed,
 * and keep every closed app reachable from it.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Buckets of the request durations, in seconds: 5 ms to 10 s. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * `/metrics` in the Prometheus text format, from a registry of this app (README "Betrieb / Operating"):
 * request durations per route pattern, the sync core's counters, group commits, database and bus
 * health and the process's default metrics. Who may read it: see `MetricsSettings` in config.ts.
 */
export default fp(
  async (app) => {
    const settings = app.config.metrics;
    const registry = new Registry();
    const exposition = () => Registry.merge([processMetrics(), registry]).metrics();

    const http = new Histogram({
      name: 'planner_http_request_duration_seconds',
      help: 'Duration of HTTP requests, by route pattern, method and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers: [registry],
    });
    app.addHook('onResponse', async (req, reply) => {
      // The pattern (`/api/plans/:planId`), never the URL: one series per route, not per plan.
      const pattern = req.routeOptions.url ?? '(unmatched)';
      http.observe({ method: req.method, route: pattern, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });

    new Gauge({
      name: 'planner_http_requests_in_flight',
      help: 'HTTP requests accepted and not yet answered (the queue a load leaves behind)',
      registers: [registry],
      collect() {
        this.set(app.hasDecorator('drain') ? app.drain.inFlight : 0);
      },
    });
    new Gauge({
      name: 'planner_database_up',
      help: 'Whether the database answers a ping (1) or not (0), by kind (pglite, postgres)',
      labelNames: ['kind'],
      registers: [registry],
      async collect() {
        this.reset();
        if (!app.hasDecorator('db')) return;
        this.set({ kind: app.db.kind }, (await probe(() => app.db.ping())) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'planner_bus_up',
      help: 'Whether the bus answers a ping and its subscriptions are active (1) or not (0), by kind (memory, redis)',
      labelNames: ['kind'],
      registers: [registry],
      async collect() {
        this.reset();
        if (!app.hasDecorator('bus')) return;
        const ok = (await probe(() => app.bus.ping())) && app.bus.healthy !== false;
        this.set({ kind: app.bus.kind }, ok ? 1 : 0);
      },
    });

    const syncSource = (): SyncSource | null => (app.hasDecorator('sync') ? app.sync : null);
    const watchCommits = registerSyncCollectors(registry, syncSource);
    let unwatch: (() => void) | null = null;

    const authorized = (authorization: string | undefined) =>
      settings.token === undefined || bearerMatches(authorization, settings.token);

    // The main port: only with a token and without an internal port.
    const onMainPort = settings.token !== undefined && settings.port === undefined;
    route(app, platformRoutes.metrics, { access: 'public' }, async (req, reply) => {
      if (!onMainPort) throw new AppError('NOT_FOUND', 'error.routeNotFound');
      if (!authorized(req.headers.authorization)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('UNAUTHENTICATED');
      }
      return reply
        .type(registry.contentType)
        .header('cache-control', 'no-store')
        .send(await exposition());
    });

    // The internal port: a bare HTTP server that answers GET /metrics and nothing else.
    let internal: Server | null = null;
    const serveInternal = async (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      if (!authorized(req.headers.authorization)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' }).end('unauthorized\n');
        return;
      }
      try {
        const body = await exposition();
        res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch (err) {
        app.log.error({ err }, 'metrics: collecting failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('error\n');
      }
    };

    app.addHook('onReady', async () => {
      const sync = syncSource();
      if (sync) unwatch = watchCommits(sync);
      if (settings.port === undefined) return;
      const server = createServer((req, res) => void serveInternal(req, res));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(settings.port, settings.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      internal = server;
      app.log.info({ address: server.address() }, 'metrics: internal listener up');
    });
    app.addHook('onClose', async () => {
      unwatch?.();
      if (internal) {
        const server = internal;
        internal = null;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    app.decorate('metrics', {
      registry,
      internalAddress: () => (internal?.address() as AddressInfo | null) ?? null,
    });
  },
  { name: 'metrics', dependencies: ['config'] },
);
