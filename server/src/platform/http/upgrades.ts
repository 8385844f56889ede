import fp from 'fastify-plugin';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { throttledErrorLog } from '../log-throttle.ts';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

declare module 'fastify' {
  interface FastifyInstance {
    upgrades: { route(prefix: string, handler: UpgradeHandler): void };
  }
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
