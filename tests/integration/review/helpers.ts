import { io } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { toJSON, type PlanDocJSON } from '@planner/shared/plan/index';
import type { ClientToServerEvents, ServerToClientEvents } from '@planner/shared';
import type { Socket } from 'socket.io-client';
import type { TestServer } from '../../helpers/server.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** Polls `fn` until it returns a value other than undefined/false; fails after `ms`. */
export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 5000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
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

export async function connectRecorder(server: TestServer, token: string, opts: { reconnection?: boolean } = {}): Promise<Recorder> {
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
      return waitFor(() => rec.of(event).slice(seen).find(pred as never), ms, `socket event ${event}`) as never;
    },
    async join(planId) {
      const ack = await socket.timeout(5000).emitWithAck('plan:join', { planId });
      if (!ack.ok) throw new Error(`plan:join refused: ${JSON.stringify(ack)}`);
    },
    close: () => socket.close(),
  };
  return rec;
}

/** A stock y-websocket client on `WS /yjs/<planId>?token=…`, resolved once synced. */
export async function openDoc(server: TestServer, planId: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.wsUrl}/yjs`, planId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  await waitFor(() => provider.synced, 10_000, 'provider sync');
  return { doc, provider, close: () => (provider.destroy(), doc.destroy()) };
}

/** The server's live view of a plan document (for waiting until an edit has arrived). */
export function serverPlan(server: TestServer, planId: string): Promise<PlanDocJSON> {
  return server.app.sync.withDoc(planId, (doc) => toJSON(doc).plan);
}

/** A schedule entry input on a fixed day in March 2027 (Berlin, CET). */
export function entry(id: string, over: Record<string, unknown> = {}) {
  return { id, kind: 'event' as const, title: `Termin ${id}`, start: '2027-03-05T18:00:00+01:00', end: '2027-03-05T20:00:00+01:00', public: true, ...over };
}

/** Parses an iCalendar text with node-ical; returns its events by UID and its time zones. */
export async function parseCalendar(text: string) {
  const ical = (await import('node-ical')).default;
  const data = ical.sync.parseICS(text);
  const events = new Map<string, any>();
  const zones: any[] = [];
  for (const c of Object.values(data) as any[]) {
    if (c?.type === 'VEVENT') events.set(c.uid, c);
    if (c?.type === 'VTIMEZONE') zones.push(c);
  }
  return { events, zones };
}

/** GETs a calendar and parses it. */
export async function fetchCalendar(url: string, token?: string | null) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, ...(res.status === 200 ? await parseCalendar(text) : { events: new Map(), zones: [] }) };
}
