import fp from 'fastify-plugin';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable.ts';
import { throttledErrorLog, type ErrorSink } from '../log-throttle.ts';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

declare module 'fastify' {
  interface FastifyInstance {
    upgrades: { route(prefix: string, handler: UpgradeHandler): void };
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
 * Routes HTTP upgrade requests by path prefix. socket.io attaches its own listener for `/socket.io/`
 * (with `destroyUpgrade: false`); every other path goes through here, and an unknown one is refused.
 */
export default fp(
  async (app) => {
    const routes: { prefix: string; handler: UpgradeHandler }[] = [];
    app.decorate('upgrades', {
      route(prefix: string, handler: UpgradeHandler) {
        routes.push({ prefix, handler });
      },
    });
    // A peer that resets its connection is routine; one line per 10 s says it happens, with a count.
    const socketError = throttledErrorLog('upgrade socket', (fields, msg) => app.log.warn(fields, msg));
    app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = req.url ?? '/';
      if (url.startsWith('/socket.io/')) return; // socket.io's own listener answers it
      const match = routes.find((r) => url === r.prefix || url.startsWith(r.prefix + '/') || url.startsWith(r.prefix + '?'));
      if (!match) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      socket.on('error', socketError);
      match.handler(req, socket, head);
    });
  },
  { name: 'upgrades' },
);
