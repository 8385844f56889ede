import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { throttledErrorLog, type ErrorSink } from '../log-throttle.ts';
import type { HealthListener, MessageHandler, PubSub } from './pubsub.ts';

/** While unhealthy, the bus tries a probe round trip this often. */
const PROBE_EVERY_MS = 250;
/** A probe that has not come back by then failed. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * Redis pub/sub through ioredis: one connection publishes, a separate one subscribes (a subscribed
 * connection cannot publish). Messages travel as raw bytes (`messageBuffer`). ioredis reconnects with
 * backoff and, with `autoResubscribe`, subscribes again to every channel after a reconnect.
 *
 * Health: the bus is unhealthy from the moment either connection drops or a publish fails, and healthy
 * again only after a probe message went through Redis and came back on the subscriber, after every
 * channel was subscribed again: from then on, messages reach every subscriber. `subscribe` never fails
 * because of an outage (the channel is subscribed on recovery), so loading a document still works.
 * The first connect is not an outage: the bus counts as healthy until a connection drops or a publish
 * fails, and listeners hear nothing until then (a "recovery" makes instances drop their socket.io
 * clients so that they catch up; on start-up that only cut off the first clients).
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis' as const;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly prefix: string;
  private readonly probeChannel: string;
  private readonly healthListeners = new Set<HealthListener>();
  private readonly logError: ErrorSink;
  private isHealthy = false;
  /** An outage was seen (not merely the first connect still under way). */
  private outage = false;
  private probing: ReturnType<typeof setTimeout> | null = null;
  private probeWaiter: ((token: string) => void) | null = null;
  private closed = false;

  constructor(url: string, opts: { prefix?: string; log?: ErrorSink /** Redis client name prefix. */; name?: string } = {}) {
    this.prefix = opts.prefix ?? 'planner:';
    this.probeChannel = `${this.prefix}__probe:${randomUUID()}`;
    this.logError = opts.log ?? ((fields, msg) => console.error(msg, fields));
    const common = {
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
      maxRetriesPerRequest: 3,
      lazyConnect: false,
    };
    const name = opts.name ?? 'planner';
    this.pub = new Redis(url, { ...common, connectionName: `${name}-pub` });
    this.sub = new Redis(url, { ...common, autoResubscribe: true, connectionName: `${name}-sub` });
    // Connection errors are retried by ioredis; without a listener they would be unhandled. They are
    // logged, rate-limited, so an outage shows in the log without flooding it while ioredis retries.
    this.pub.on('error', throttledErrorLog('redis bus (publish)', opts.log));
    this.sub.on('error', throttledErrorLog('redis bus (subscribe)', opts.log));
    for (const conn of [this.pub, this.sub]) conn.on('close', () => this.markDown());
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const full = channel.toString();
      if (full === this.probeChannel) {
        this.probeWaiter?.(message.toString());
        return;
      }
      const name = full.slice(this.prefix.length);
      const set = this.handlers.get(name);
      if (!set) return;
      const bytes = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
      for (const handler of [...set]) handler(bytes, name);
    });
    this.scheduleProbe(0);
  }

  get healthy(): boolean {
    return this.isHealthy || !this.outage;
  }

  onHealth(listener: HealthListener): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  private setHealthy(healthy: boolean, outage = this.outage) {
    const before = this.healthy;
    this.isHealthy = healthy;
    this.outage = outage;
    if (before === this.healthy || this.closed) return;
    if (!healthy) this.logError({ source: 'redis bus' }, 'redis bus: unhealthy, messages may be lost until it recovers');
    for (const fn of [...this.healthListeners]) {
      try {
        fn(healthy);
      } catch (err) {
        this.logError({ err }, 'redis bus: a health listener failed');
      }
    }
  }

  private markDown() {
    if (this.closed) return;
    this.setHealthy(false, true);
    this.scheduleProbe(PROBE_EVERY_MS);
  }

  private scheduleProbe(delay: number) {
    if (this.probing || this.closed) return;
    this.probing = setTimeout(() => {
      void this.probe().then(
        (ok) => {
          this.probing = null;
          if (ok) this.setHealthy(true);
          else this.scheduleProbe(PROBE_EVERY_MS);
        },
        () => {
          this.probing = null;
          this.scheduleProbe(PROBE_EVERY_MS);
        },
      );
    }, delay);
  }

  /** Subscribes every channel again (harmless when still subscribed), then a round trip through Redis. */
  private async probe(): Promise<boolean> {
    if (this.closed || this.pub.status !== 'ready' || this.sub.status !== 'ready') return false;
    const channels = [...this.handlers.keys()].map((c) => this.prefix + c);
    await this.sub.subscribe(this.probeChannel, ...channels);
    const token = randomUUID();
    const back = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      this.probeWaiter = (t) => {
        if (t !== token) return;
        clearTimeout(timer);
        resolve(true);
      };
    });
    await this.pub.publish(this.probeChannel, token);
    const ok = await back;
    this.probeWaiter = null;
    return ok;
  }

  async publish(channel: string, message: Uint8Array): Promise<void> {
    try {
      await this.pub.publish(this.prefix + channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength));
    } catch (err) {
      this.markDown();
      throw err;
    }
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    const wrapped: MessageHandler = (m, c) => handler(m, c);
    set.add(wrapped);
    if (first) {
      // During an outage the subscription is made on recovery (probe), before the bus is healthy again;
      // while the first connection is still being made, it is awaited as usual.
      const subscribing = this.sub.subscribe(this.prefix + channel).catch(() => this.markDown());
      if (this.isHealthy || !this.outage) await subscribing;
    }
    return async () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(wrapped);
      if (current.size === 0) {
        this.handlers.delete(channel);
        await this.sub.unsubscribe(this.prefix + channel).catch(() => {});
      }
    };
  }

  async ping(): Promise<void> {
    await Promise.all([this.pub.ping(), this.sub.ping()]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probing) clearTimeout(this.probing);
    this.probing = null;
    this.healthListeners.clear();
    this.handlers.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
