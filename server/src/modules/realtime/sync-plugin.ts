import fp from 'fastify-plugin';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { SYNC_ACK_PARAM } from '@planner/shared/sync-protocol';
import { SyncServer, type SyncServerOptions } from '../../sync/sync-server.ts';
import { SqlDocStore } from '../../sync/sql-doc-store.ts';
import type { SyncSocket } from '../../sync/connection.ts';
import { throttledErrorLog } from '../../platform/log-throttle.ts';
import { refuseFailedUpgrade } from '../../platform/http/upgrades.ts';
import { upgradeRequestId } from '../../platform/http/request-id.ts';

/**
 * What other plugins use of the live sync (`app.sync`):
 * - `setAccess(docId, userId, 'write' | 'read' | 'none')`: this instance's open connections of that
 *   user switch to read-only / writable in place, or close with ACCESS_REVOKED (4403). Call it on
 *   every instance (through the bus) when a membership changes.
 * - `withDoc(docId, fn)` / `getDocState(docId)`: the live document, loaded if needed.
 * - `transact(docId, fn)` / `applyUpdate(docId, update)`: server-side writes (origin 'server').
 * - `onUpdate((docId, update, origin) => …)`: after every applied update of any loaded document.
 * - `metrics()`, `onGroupCommit(listener)` (sizes and times of the persistence's group commits), `flush()`.
 */
export type SyncApi = Pick<
  SyncServer,
  | 'setAccess'
  | 'closeWhere'
  | 'connectionsOf'
  | 'withDoc'
  | 'getDocState'
  | 'transact'
  | 'applyUpdate'
  | 'onUpdate'
  | 'metrics'
  | 'onGroupCommit'
  | 'flush'
  | 'instanceId'
>;

declare module 'fastify' {
  interface FastifyInstance {
    sync: SyncApi;
  }
}

export type SyncPluginOptions = Omit<SyncServerOptions, 'store' | 'bus' | 'log'>;

const DOC_PATH = /^\/yjs\/([^/]+)$/;
const DOC_ID = /^[^\s/]{1,200}$/;

function refuse(socket: Duplex, status: number) {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A `ws` socket as the sync core's {@link SyncSocket} (exported for tests that run the core over real sockets). */
export function adaptWebSocket(ws: WebSocket, onError: (err: unknown) => void): SyncSocket {
  ws.on('error', onError);
  return {
    send: (frame) => {
      if (ws.readyState === ws.OPEN) ws.send(frame);
    },
    close: (code, reason) => ws.close(code, reason),
    onMessage: (listener) => ws.on('message', (data) => listener(toBytes(data))),
    onClose: (listener) => ws.on('close', () => listener()),
    bufferedAmount: () => ws.bufferedAmount,
  };
}

/** `WS /yjs/<docId>`: the live plan sync (server/src/sync) over `ws`, authorized before upgrading. */
export default fp<SyncPluginOptions>(
  async (app, opts) => {
    const log = app.log.child({ module: 'sync' });
    const sync = new SyncServer({
      ...opts,
      limits: {
        maxDocBytes: app.config.syncMaxDocBytes,
        maxConnectionsPerUser: app.config.syncMaxConnectionsPerUser,
        ...opts.limits,
      },
      store: new SqlDocStore(app.db),
      bus: app.bus,
      log,
    });
    // ws enforces a hard cap; the sync core closes anything above its own limit with TOO_LARGE first.
    const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * sync.limits.maxMessageBytes, perMessageDeflate: false });
    let closing = false;
    /** Upgrades per user between the cap check and the handshake's end. */
    const upgrading = new Map<string, number>();
    // A browser tab that vanishes mid-frame errors its socket; routine, so rate-limited and at warn.
    const wsError = throttledErrorLog('yjs websocket', (fields, msg) => log.warn(fields, msg));

    // The 101 answer names the upgrade's request id, as every HTTP answer does (request-id.ts).
    wss.on('headers', (headers, req) => headers.push(`X-Request-Id: ${upgradeRequestId(req)}`));

    const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // Every log line about this upgrade carries its request id; the connection's later lines carry
      // `connection`, and 'sync: websocket upgraded' ties the two together.
      const reqLog = log.child({ reqId: upgradeRequestId(req) });
      try {
        if (closing) return refuse(socket, 503);
        const url = new URL(req.url ?? '/', 'http://localhost');
        const match = DOC_PATH.exec(url.pathname);
        let docId: string | null = null;
        try {
          docId = match ? decodeURIComponent(match[1]) : null;
        } catch {
          docId = null;
        }
        if (!docId || !DOC_ID.test(docId)) return refuse(socket, 404);
        const access = await app.docAuthorizer(req, docId);
        if ('deny' in access) return refuse(socket, access.deny);
        if (socket.destroyed || closing) return refuse(socket, 503);
        // Per-user connection cap (finding 10): refused before upgrading. Upgrades of one user that are
        // still being accepted count too, so a burst cannot pass the cap between check and handshake.
        if (sync.connectionsOf(access.userId) + (upgrading.get(access.userId) ?? 0) >= sync.limits.maxConnectionsPerUser) {
          reqLog.warn(
            { userId: access.userId, limit: sync.limits.maxConnectionsPerUser },
            'sync: too many connections; upgrade refused',
          );
          return refuse(socket, 429);
        }
        const ack = url.searchParams.get(SYNC_ACK_PARAM) === '1';
        const userId = access.userId;
        upgrading.set(userId, (upgrading.get(userId) ?? 0) + 1);
        const settled = () => {
          const left = (upgrading.get(userId) ?? 1) - 1;
          if (left > 0) upgrading.set(userId, left);
          else upgrading.delete(userId);
        };
        // ws destroys a socket whose handshake is invalid without calling back; count it settled then.
        socket.once('close', settled);
        wss.handleUpgrade(req, socket, head, (ws) => {
          socket.off('close', settled);
          settled();
          const conn = sync.handleConnection(adaptWebSocket(ws, wsError), {
            docId,
            userId: access.userId,
            canWrite: access.canWrite,
            ack,
            credential: access.credential,
          });
          reqLog.debug({ docId, userId, connection: conn.id }, 'sync: websocket upgraded');
        });
      } catch (err) {
        // 503 with Retry-After when the database is down (the authorization reads it), else 500.
        refuseFailedUpgrade(socket, err, reqLog);
      }
    };
    app.upgrades.route('/yjs', (req, socket, head) => void upgrade(req, socket, head));
    app.decorate('sync', sync as SyncApi);

    // Before the server and the database close: flush pending updates, then close the sockets.
    app.addHook('preClose', async () => {
      closing = true;
      await sync.close();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    });
  },
  { name: 'sync', dependencies: ['database', 'bus', 'upgrades', 'doc-access'] },
);
