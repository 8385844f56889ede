import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@planner/shared';

/**
 * The socket.io connection of the signed-in person (session cookie on the handshake), typed with the
 * shared event maps (shared/src/events.ts). `on(event, fn)` subscribes to one event with its typed
 * payload; `onAnyOf(match, fn)` lets a page refresh on every event of an area (e.g. all `plan:*`
 * events, no payload), so it keeps working when the server adds events. Subscriptions outlive the
 * connection (sign-out and sign-in again); `onReconnect` lets pages refetch what they may have missed.
 *
 * socket.io-client (≈ 13 KiB gzip) is imported on `connect()`, i.e. once someone is signed in: the
 * public pages never load it (issue 19's budget). Subscriptions and plan rooms joined meanwhile are
 * bound when the socket exists.
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
  /** Set while a connection is wanted (between `connect()` and `disconnect()`), also while socket.io loads. */
  #wanted = false;
  /** Plan rooms joined and not left: joined on the socket once it exists (a join before is not lost). */
  #plans = new Set<string>();
  #typed = new Map<EventName, Set<(payload: unknown) => void>>();
  #any = new Set<AnyListener>();
  #reconnect = new Set<() => void>();

  connect() {
    if (this.#wanted || typeof window === 'undefined') return;
    this.#wanted = true;
    void import('socket.io-client').then(
      ({ io }) => {
        if (!this.#wanted || this.#socket) return;
        this.#open(io);
      },
      (e: unknown) => {
        // Live updates are missing until the next sign-in; the pages still work over HTTP.
        this.#wanted = false;
        console.warn('[realtime] socket.io could not be loaded', e);
      },
    );
  }

  #open(io: typeof import('socket.io-client').io) {
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
    // Rooms joined while socket.io was loading (emits are buffered until the handshake is done).
    for (const planId of this.#plans) this.#join(socket, planId);
  }

  disconnect() {
    this.#wanted = false;
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
    this.#plans.add(planId);
    if (this.#socket) this.#join(this.#socket, planId);
  }
  leavePlan(planId: string) {
    this.#plans.delete(planId);
    this.#socket?.emit('plan:leave', { planId });
  }

  #join(socket: Socket<ServerToClientEvents, ClientToServerEvents>, planId: string) {
    socket.emit('plan:join', { planId }, (result: Ack) => {
      if (!result.ok) console.warn(`[realtime] plan:join ${planId} refused: ${result.code}`);
    });
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
