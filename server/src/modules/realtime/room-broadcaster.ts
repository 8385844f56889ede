import { rooms, type ServerToClientEvents } from '@planner/shared';
import type { PubSub } from '../../platform/bus/pubsub.ts';

type EventName = keyof ServerToClientEvents;

/** What the broadcaster needs of socket.io: emitting to a room's sockets on this instance only. */
export interface LocalEmitter {
  emitLocal(room: string, event: string, payload: unknown): void;
}

interface Envelope {
  room: string;
  event: string;
  payload: unknown;
}

export const ROOM_EVENTS_CHANNEL = 'realtime:events';

/**
 * Delivers app events to plan, person and staff rooms on every instance. An event goes out once on the
 * bus (Redis or the in-process bus) and each instance, this one included, emits it to its own sockets
 * (`io.local`): one path for both backends, and no double delivery through the socket.io adapter.
 * The instance that changed the durable record sends the event, so it goes out exactly once.
 */
export class RoomBroadcaster {
  private unsubscribe: (() => Promise<void>) | null = null;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly bus: PubSub,
    private readonly emitter: LocalEmitter,
    private readonly onError: (err: unknown) => void,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(ROOM_EVENTS_CHANNEL, (message) => {
      try {
        const e = JSON.parse(this.decoder.decode(message)) as Envelope;
        if (typeof e.room === 'string' && typeof e.event === 'string') this.emitter.emitLocal(e.room, e.event, e.payload);
      } catch (err) {
        this.onError(err);
      }
    });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private send(room: string, event: string, payload: unknown): void {
    const bytes = this.encoder.encode(JSON.stringify({ room, event, payload } satisfies Envelope));
    this.bus.publish(ROOM_EVENTS_CHANNEL, bytes).catch(this.onError);
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
