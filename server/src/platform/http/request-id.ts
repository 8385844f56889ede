import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a proxy may set and every answer carries. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming id is kept only when it is a short, plain token: it ends up in every log line of the
 * request, so nothing that could forge a log field, break a line or flood the log is taken over.
 */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Fastify's `genReqId`: the request's `X-Request-Id` when it is a safe token (a proxy's or the
 * caller's id, so one id follows a request across hops), else a fresh UUID. Pino logs it as `reqId`.
 */
export function genReqId(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}

const upgradeIds = new WeakMap<IncomingMessage, string>();

/**
 * The id of an upgrade request (`/yjs`, socket.io), which never reaches Fastify's routing: chosen by
 * {@link genReqId} once per request, so every log line about one upgrade carries the same `reqId`.
 */
export function upgradeRequestId(req: IncomingMessage): string {
  let id = upgradeIds.get(req);
  if (!id) upgradeIds.set(req, (id = genReqId(req)));
  return id;
}

/** Echoes the request id in the `X-Request-Id` answer header, so a client can quote it. */
export default fp(
  async (app) => {
    app.addHook('onRequest', async (req, reply) => {
      reply.header(REQUEST_ID_HEADER, req.id);
    });
  },
  { name: 'request-id' },
);
