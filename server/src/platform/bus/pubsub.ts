/**
 * Publish/subscribe of binary messages on named channels: the fan-out between server instances.
 * Implementations: {@link MemoryPubSub} (one process, the embedded default) and `RedisPubSub`.
 * Both pass the same contract suite (`pubsub.contract.ts`).
 */
export type MessageHandler = (message: Uint8Array, channel: string) => void;

/** `true`: messages reach every subscriber again (subscriptions active); `false`: an outage began. */
export type HealthListener = (healthy: boolean) => void;

export type BusKind = 'memory' | 'redis';

export interface PubSub {
  readonly kind: BusKind;
  publish(channel: string, message: Uint8Array): Promise<void>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Whether a message published now reaches every subscriber. While false, messages may be lost: access
   * changes are re-checked against the database and socket.io clients catch up once it is true again
   * (see accounts/revocation.ts and realtime/room-broadcaster.ts). Absent: always healthy.
   */
  readonly healthy?: boolean;
  /** Hears every change of {@link healthy}; returns the unsubscribe. */
  onHealth?(listener: HealthListener): () => void;
}
