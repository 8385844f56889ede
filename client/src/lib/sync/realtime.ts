import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@planner/shared';

/**
 * The socket.io connection of the signed-in person (session cookie on the handshake). Pages subscribe
 * to events by name; `onAny` lets a page refresh on every event of an area (e.g. all `plan:*` events),
 * so it keeps working when the server adds events. `onReconnect` lets pages refetch what they may have
 * missed while offline.
 */
type Listener = (event: string, payload: unknown) => void;

class Realtime {
  #socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  #listeners = new Set<Listener>();
  #reconnect = new Set<() => void>();

  connect() {
    if (this.#socket || typeof window === 'undefined') return;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
    socket.onAny((event: string, payload: unknown) => {
      for (const l of this.#listeners) l(event, payload);
    });
    let connectedOnce = false;
    socket.on('connect', () => {
      if (connectedOnce) for (const r of this.#reconnect) r();
      connectedOnce = true;
    });
    this.#socket = socket;
  }

  disconnect() {
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Calls `fn` for every event whose name matches; returns the unsubscribe function. */
  on(match: (event: string) => boolean, fn: Listener): () => void {
    const l: Listener = (e, p) => {
      if (match(e)) fn(e, p);
    };
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  onReconnect(fn: () => void): () => void {
    this.#reconnect.add(fn);
    return () => this.#reconnect.delete(fn);
  }

  /** Joins a plan's room (events of that plan). */
  joinPlan(planId: string) {
    this.#socket?.emit('plan:join', { planId }, () => {});
  }
  leavePlan(planId: string) {
    this.#socket?.emit('plan:leave', { planId });
  }
}

export const realtime = new Realtime();
