import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@planner/shared';

/**
 * The socket.io connection of the signed-in person (session cookie on the handshake), typed with the
 * shared event maps (shared/src/events.ts). `on(event, fn)` subscribes to one event with its typed
 * payload; `onAnyOf(match, fn)` lets a page refresh on every event of an area (e.g. all `plan:*`
 * events, no payload), so it keeps working when the server adds events. Subscriptions outlive the
 * connection (sign-out and sign-in again); `onReconnect` lets pages refetch what they may have missed.
 */
export type EventName = keyof ServerToClientEvents;
export type EventPayload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

type AnyListener = (event: string) => void;

/**
 * socket.io never retries a handshake that its server refused (a middleware error). One refused with
 * 503 (the server's database is down) is tried again after the server's `retryAfter` seconds (plus up to
 * a second, so that not every tab comes back at once), for as long as `wanted()` says the socket is
 * still in use (not after sign-out).
 */
export function retryWhenUnavailable(socket: Socket, wanted: () => boolean): void {
  socket.on('connect_error', (err: Error & { data?: { status?: number; retryAfter?: number } }) => {
    if (err.data?.status !== 503 || socket.active) return;
    const seconds = Math.min(Math.max(Number(err.data.retryAfter) || 5, 1), 60);
    setTimeout(
      () => {
        if (wanted() && !socket.connected && !socket.active) socket.connect();
      },
      seconds * 1000 + Math.random() * 1000,
    );
  });
}

class Realtime {
  #socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  #typed = new Map<EventName, Set<(payload: unknown) => void>>();
  #any = new Set<AnyListener>();
  #reconnect = new Set<() => void>();

  connect() {
    if (this.#socket || typeof window === 'undefined') return;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      withCredentials: true,
      transports: ['websocket', 'polling'],
    });
    for (const event of this.#typed.keys()) this.#bind(socket, event);
    socket.onAny((event: string) => {
      for (const l of this.#any) l(event);
    });
    let connectedOnce = false;
    socket.on('connect', () => {
      if (connectedOnce) for (const r of this.#reconnect) r();
      connectedOnce = true;
    });
    retryWhenUnavailable(socket, () => this.#socket === socket);
    this.#socket = socket;
  }

  disconnect() {
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Calls `fn` with the payload of every `event`; returns the unsubscribe function. */
  on<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void): () => void {
    let set = this.#typed.get(event);
    if (!set) {
      set = new Set();
      this.#typed.set(event, set);
      if (this.#socket) this.#bind(this.#socket, event);
    }
    const l = fn as (payload: unknown) => void;
    set.add(l);
    return () => void set.delete(l);
  }

  /** Calls `fn` for every event whose name matches (for refreshing); returns the unsubscribe function. */
  onAnyOf(match: (event: string) => boolean, fn: (event: string) => void): () => void {
    const l: AnyListener = (e) => {
      if (match(e)) fn(e);
    };
    this.#any.add(l);
    return () => void this.#any.delete(l);
  }

  onReconnect(fn: () => void): () => void {
    this.#reconnect.add(fn);
    return () => void this.#reconnect.delete(fn);
  }

  /** Joins a plan's room (events of that plan); a refusal is logged (the page still works over HTTP). */
  joinPlan(planId: string) {
    this.#socket?.emit('plan:join', { planId }, (result: Ack) => {
      if (!result.ok) console.warn(`[realtime] plan:join ${planId} refused: ${result.code}`);
    });
  }
  leavePlan(planId: string) {
    this.#socket?.emit('plan:leave', { planId });
  }

  /** One socket listener per event name, fanning out to the current subscribers. */
  #bind(socket: Socket<ServerToClientEvents, ClientToServerEvents>, event: EventName) {
    const fanOut = (payload: unknown) => {
      for (const l of this.#typed.get(event) ?? []) l(payload);
    };
    // One generic listener for any event name; each subscriber's payload type comes from `on<E>`.
    socket.on(event, fanOut as ServerToClientEvents[EventName]);
  }
}

export const realtime = new Realtime();
