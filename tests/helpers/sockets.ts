import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@planner/shared';
import type { TestServer } from './server.ts';
import { waitFor } from './wait.ts';

/** socket.io and raw websocket clients of the tests, typed with the shared event maps. */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** Connects to socket.io over the websocket transport; resolves with the socket or the refusal status. */
export function connectSocket(
  server: TestServer,
  auth: { token?: string; cookie?: string; origin?: string },
): Promise<{ socket?: ClientSocket; status?: number }> {
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
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  return upgradeStatus(`${server.wsUrl}/yjs/${planId}${q}`);
}

/** Opens a websocket to `url`; resolves 101 when upgraded (and closes it) or the refusal's status. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
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

/** A socket.io client that records every event it receives, by name. */
export interface Recorder {
  socket: ClientSocket;
  events: Map<string, unknown[]>;
  of<E extends EventName>(event: E): Payload<E>[];
  /** The first event of that name matching `pred`, received already or still to come (bounded wait). */
  first<E extends EventName>(event: E, pred?: (p: Payload<E>) => boolean, ms?: number): Promise<Payload<E>>;
  /** The first event of that name matching `pred` received from now on (bounded wait). */
  next<E extends EventName>(event: E, pred?: (p: Payload<E>) => boolean, ms?: number): Promise<Payload<E>>;
  join(planId: string): Promise<void>;
  close(): void;
}

export async function connectRecorder(
  server: TestServer,
  token: string,
  opts: { reconnection?: boolean } = {},
): Promise<Recorder> {
  const socket: ClientSocket = io(server.url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    forceNew: true,
    auth: { token },
  });
  const events = new Map<string, unknown[]>();
  socket.onAny((name: string, payload: unknown) => {
    if (!events.has(name)) events.set(name, []);
    events.get(name)!.push(payload);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const rec: Recorder = {
    socket,
    events,
    of: (event) => (events.get(event) ?? []) as never,
    async first(event, pred = () => true, ms = 5000) {
      return waitFor(() => rec.of(event).find(pred as never), ms, `socket event ${event}`) as never;
    },
    async next(event, pred = () => true, ms = 5000) {
      const seen = rec.of(event).length;
      return waitFor(
        () =>
          rec
            .of(event)
            .slice(seen)
            .find(pred as never),
        ms,
        `socket event ${event}`,
      ) as never;
    },
    async join(planId) {
      const ack = await socket.timeout(5000).emitWithAck('plan:join', { planId });
      if (!ack.ok) throw new Error(`plan:join refused: ${JSON.stringify(ack)}`);
    },
    close: () => socket.close(),
  };
  return rec;
}
