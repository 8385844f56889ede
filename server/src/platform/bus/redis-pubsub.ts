import { Redis } from 'ioredis';
import { throttledErrorLog, type ErrorSink } from '../log-throttle.ts';
import type { MessageHandler, PubSub } from './pubsub.ts';

/**
 * Redis pub/sub through ioredis: one connection publishes, a separate one subscribes (a subscribed
 * connection cannot publish). Messages travel as raw bytes (`messageBuffer`). ioredis reconnects with
 * backoff and, with `autoResubscribe`, subscribes again to every channel after a reconnect.
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis' as const;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly prefix: string;

  constructor(url: string, opts: { prefix?: string; log?: ErrorSink } = {}) {
    this.prefix = opts.prefix ?? 'planner:';
    const common = {
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
      maxRetriesPerRequest: 3,
      lazyConnect: false,
    };
    this.pub = new Redis(url, { ...common, connectionName: 'planner-pub' });
    this.sub = new Redis(url, { ...common, autoResubscribe: true, connectionName: 'planner-sub' });
    // Connection errors are retried by ioredis; without a listener they would be unhandled. They are
    // logged, rate-limited, so an outage shows in the log without flooding it while ioredis retries.
    this.pub.on('error', throttledErrorLog('redis bus (publish)', opts.log));
    this.sub.on('error', throttledErrorLog('redis bus (subscribe)', opts.log));
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const name = channel.toString().slice(this.prefix.length);
      const set = this.handlers.get(name);
      if (!set) return;
      const bytes = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
      for (const handler of [...set]) handler(bytes, name);
    });
  }

  async publish(channel: string, message: Uint8Array): Promise<void> {
    await this.pub.publish(this.prefix + channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    const wrapped: MessageHandler = (m, c) => handler(m, c);
    set.add(wrapped);
    if (first) await this.sub.subscribe(this.prefix + channel);
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
    this.handlers.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
