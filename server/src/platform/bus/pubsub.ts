/**
 * Publish/subscribe of binary messages on named channels: the fan-out between server instances.
 * Implementations: {@link MemoryPubSub} (one process, the embedded default) and `RedisPubSub`.
 * Both pass the same contract suite (`pubsub.contract.ts`).
 */
export type MessageHandler = (message: Uint8Array, channel: string) => void;

export type BusKind = 'memory' | 'redis';

export interface PubSub {
  readonly kind: BusKind;
  publish(channel: string, message: Uint8Array): Promise<void>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
