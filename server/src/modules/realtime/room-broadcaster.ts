import { randomUUID } from 'node:crypto';
import { rooms, type ServerToClientEvents } from '@planner/shared';
import type { PubSub } from '../../platform/bus/pubsub.ts';

type EventName = keyof ServerToClientEvents;

/** What the broadcaster needs of socket.io: emitting to a room's sockets on this instance only. */
export interface LocalEmitter {
  emitLocal(room: string, event: string, payload: unknown): void;
}

interface Envelope {
  /** The instance that sent it (it emitted to its own sockets already). */
  origin?: string;
  room: string;
  event: string;
  payload: unknown;
}

export const ROOM_EVENTS_CHANNEL = 'realtime:events';

/** Events kept for sending again after a bus outage, at most (the oldest are dropped beyond). */
export const OUTBOX_LIMIT = 1000;

/**
 * Delivers app events to plan, person and staff rooms on every instance. An event is emitted to this
 * instance's sockets at once and goes out once on the bus (Redis or the in-process bus); every other
 * instance emits it to its own sockets (`io.local`): one path for both backends, and no double delivery
 * through the socket.io adapter. The instance that changed the durable record sends the event, so it
 * goes out exactly once.
 *
 * A bus outage loses messages. Two things make sure no event is silently lost:
 * - events that could not be sent (or were sent while the bus was unhealthy) wait in an outbox and are
 *   sent again when the bus is healthy again (clients apply events by id, so a repeat is harmless);
 * - an instance whose bus was unhealthy may have missed the others' events, so on recovery it calls
 *   `onRecovered` (the realtime plugin drops its socket.io connections: the clients reconnect, rejoin
 *   and catch up with the `?since=` cursors of the durable records).
 */
export class RoomBroadcaster {
  readonly origin = randomUUID();
  private unsubscribe: (() => Promise<void>) | null = null;
  private offHealth: (() => void) | null = null;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private outbox: Uint8Array[] = [];
  /** Events dropped from a full outbox since the last recovery (their clients catch up on reconnect). */
  dropped = 0;

  constructor(
    private readonly bus: PubSub,
    private readonly emitter: LocalEmitter,
    private readonly onError: (err: unknown) => void,
    private readonly onRecovered: () => void = () => {},
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(ROOM_EVENTS_CHANNEL, (message) => {
      try {
        const e = JSON.parse(this.decoder.decode(message)) as Envelope;
        if (e.origin === this.origin) return;
        if (typeof e.room === 'string' && typeof e.event === 'string') this.emitter.emitLocal(e.room, e.event, e.payload);
      } catch (err) {
        this.onError(err);
      }
    });
    this.offHealth =
      this.bus.onHealth?.((healthy) => {
        if (!healthy) return;
        this.flush();
        this.onRecovered();
      }) ?? null;
  }

  async stop(): Promise<void> {
    this.offHealth?.();
    this.offHealth = null;
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Events waiting for the bus. */
  get pending(): number {
    return this.outbox.length;
  }

  private keep(bytes: Uint8Array) {
    this.outbox.push(bytes);
    if (this.outbox.length > OUTBOX_LIMIT) {
      this.outbox.shift();
      this.dropped++;
    }
  }

  private publish(bytes: Uint8Array) {
    // Sent while unhealthy: Redis may take it, but a subscriber that is away would not get it.
    if (this.bus.healthy === false) this.keep(bytes);
    this.bus.publish(ROOM_EVENTS_CHANNEL, bytes).catch((err: unknown) => {
      if (this.bus.healthy !== false) this.onError(err);
      if (!this.outbox.includes(bytes)) this.keep(bytes);
    });
  }

  /** Sends the outbox again (in order). */
  private flush() {
    const waiting = this.outbox;
    this.outbox = [];
    this.dropped = 0;
    for (const bytes of waiting) this.publish(bytes);
  }

  private send(room: string, event: string, payload: unknown): void {
    try {
      this.emitter.emitLocal(room, event, payload);
    } catch (err) {
      this.onError(err);
    }
    this.publish(this.encoder.encode(JSON.stringify({ origin: this.origin, room, event, payload } satisfies Envelope)));
  }

  toPlan<E extends EventName>(planId: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    this.send(rooms.plan(planId), event, payload);
  }

  toUser<E extends EventName>(userId: string, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    this.send(rooms.user(userId), event, payload);
  }

  /** Every connected staff member. */
  toStaff<E extends EventName>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    this.send(rooms.staff, event, payload);
  }
}
