import fp from 'fastify-plugin';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable.ts';
import { throttledErrorLog, type ErrorSink } from '../log-throttle.ts';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

declare module 'fastify' {
  interface FastifyInstance {
    upgrades: {
      route(prefix: string, handler: UpgradeHandler): void;
      /**
       * Runs `attach` (a library that adds its own `upgrade` listener to the HTTP server, as socket.io
       * does) and routes the listeners it added through here under `prefix`, so that they too are
       * refused while the instance drains.
       */
      adopt(prefix: string, attach: () => void): void;
    };
  }
}

/** Answers an upgrade request with a plain HTTP status (before upgrading); a 503 says when to retry. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const retry = status === 503 ? `Retry-After: ${DATABASE_RETRY_AFTER_SECONDS}\r\n` : '';
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

// During a database outage every upgrade fails alike: one warning per 10 s and logger, with a count.
const outageLogs = new WeakMap<object, (err: unknown) => void>();

/**
 * Refuses an upgrade whose handler failed: 503 (with Retry-After) when the database cannot be reached,
 * as the REST API answers then, and 500 for anything else.
 */
export function refuseFailedUpgrade(socket: Duplex, err: unknown, log: { warn: ErrorSink; error: ErrorSink }): void {
  if (isDatabaseUnavailable(err)) {
    let outage = outageLogs.get(log);
    if (!outage) {
      outage = throttledErrorLog('upgrade: database unavailable', (fields, msg) => log.warn(fields, msg));
      outageLogs.set(log, outage);
    }
    outage(err);
    refuseUpgrade(socket, 503);
    return;
  }
  log.error({ err }, 'upgrade failed');
  refuseUpgrade(socket, 500);
}

/**
 * Routes HTTP upgrade requests by path prefix; an unknown path is refused with 404. socket.io's own
 * listener is adopted under `/socket.io` (realtime/plugin.ts). While the instance drains before a stop
 * (drain.ts) every upgrade is refused with 503, so a proxy passes it to another instance.
 */
export default fp(
  async (app) => {
    const routes: { prefix: string; handler: UpgradeHandler }[] = [];
    app.decorate('upgrades', {
      route(prefix: string, handler: UpgradeHandler) {
        routes.push({ prefix, handler });
      },
      adopt(prefix: string, attach: () => void) {
        const before = new Set(app.server.listeners('upgrade'));
        attach();
        for (const listener of app.server.listeners('upgrade')) {
          if (before.has(listener)) continue;
          app.server.off('upgrade', listener as (...args: unknown[]) => void);
          routes.push({ prefix, handler: (req, socket, head) => listener.call(app.server, req, socket, head) });
        }
      },
    });
    // A peer that resets its connection is routine; one line per 10 s says it happens, with a count.
    const socketError = throttledErrorLog('upgrade socket', (fields, msg) => app.log.warn(fields, msg));
    app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = req.url ?? '/';
      if (app.drain.draining) {
        socket.on('error', socketError);
        refuseUpgrade(socket, 503);
        return;
      }
      const match = routes.find((r) => url === r.prefix || url.startsWith(r.prefix + '/') || url.startsWith(r.prefix + '?'));
      if (!match) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      socket.on('error', socketError);
      match.handler(req, socket, head);
    });
  },
  { name: 'upgrades', dependencies: ['drain'] },
);
