import type { HealthListener, MessageHandler, PubSub } from './pubsub.ts';

/**
 * A hub that several {@link MemoryPubSub} instances in one process can share (tests that run two
 * server instances without Redis). Each MemoryPubSub gets its own hub by default.
 */
export class MemoryHub {
  readonly channels = new Map<string, Set<MessageHandler>>();
}

/** In-process bus: the embedded default for a single instance. */
export class MemoryPubSub implements PubSub {
  readonly kind = 'memory' as const;
  private readonly mine = new Set<{ channel: string; handler: MessageHandler }>();
  private closed = false;
  private readonly healthListeners = new Set<HealthListener>();
  private down = false;

  constructor(private readonly hub = new MemoryHub()) {}

  /** Healthy unless closed, or a test simulated an outage with {@link setHealthy}. */
  get healthy(): boolean {
    return !this.down && !this.closed;
  }

  onHealth(listener: HealthListener): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /**
   * Tests: simulate an outage of this handle (publish fails, nothing is delivered to it) and its end;
   * listeners of {@link onHealth} hear the change.
   */
  setHealthy(healthy: boolean): void {
    if (this.down === !healthy) return;
    this.down = !healthy;
    for (const fn of [...this.healthListeners]) fn(healthy);
  }

  async publish(channel: string, message: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('bus closed');
    if (this.down) throw new Error('bus down (simulated)');
    const handlers = this.hub.channels.get(channel);
    if (!handlers) return;
    // Delivered asynchronously, like a network bus: a handler never runs inside publish().
    for (const handler of [...handlers]) queueMicrotask(() => handler(message, channel));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('bus closed');
    let set = this.hub.channels.get(channel);
    if (!set) this.hub.channels.set(channel, (set = new Set()));
    // Wrap so the same function may subscribe twice and be removed once per subscription.
    const wrapped: MessageHandler = (m, c) => {
      if (!this.down) handler(m, c);
    };
    set.add(wrapped);
    const entry = { channel, handler: wrapped };
    this.mine.add(entry);
    return async () => {
      this.remove(entry);
    };
  }

  private remove(entry: { channel: string; handler: MessageHandler }) {
    this.mine.delete(entry);
    const set = this.hub.channels.get(entry.channel);
    if (!set) return;
    set.delete(entry.handler);
    if (set.size === 0) this.hub.channels.delete(entry.channel);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('bus closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of [...this.mine]) this.remove(entry);
  }
}
