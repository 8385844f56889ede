import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects to socket.io over the websocket transport; resolves with the socket or the refusal status. */
export function connectSocket(server: TestServer, auth: { token?: string; cookie?: string; origin?: string }): Promise<{ socket?: ClientSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket: ClientSocket = io(server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: auth.token ? { token: auth.token } : {},
      extraHeaders: auth.cookie ? { cookie: auth.cookie, ...(auth.origin ? { origin: auth.origin } : {}) } : undefined,
    });
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err: Error & { data?: { status?: number } }) => {
      socket.close();
      resolve({ status: err.data?.status ?? 500 });
    });
  });
}

export function joinPlan(socket: ClientSocket, planId: string): Promise<Ack> {
  return socket.timeout(5000).emitWithAck('plan:join', { planId });
}

/** Opens `WS /yjs/<planId>`; resolves 101 when upgraded (and closes it) or the refusal's status. */
export function yjsUpgradeStatus(server: TestServer, planId: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = token ? `?token=${encodeURIComponent(token)}` : '';
    const ws = new WebSocket(`${server.wsUrl}/yjs/${planId}${q}`);
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (err) => {
      if (ws.readyState !== ws.CLOSED) reject(err);
    });
  });
}

/** A stock y-websocket provider on `WS /yjs/<planId>?token=…`, resolved once synced. */
export async function openProvider(server: TestServer, planId: string, token: string) {
  const Y = await import('yjs');
  const { WebsocketProvider } = await import('y-websocket');
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.wsUrl}/yjs`, planId, doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { token },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), 10_000);
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { doc, provider, close: () => (provider.destroy(), doc.destroy()) };
}
