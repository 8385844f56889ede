import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { throttledErrorLog, type ErrorSink } from '../log-throttle.ts';
import { connectRedis, type RedisClient } from '../redis/connect.ts';
import type { RedisSettings } from '../redis/settings.ts';
import { clusterSlot } from '../redis/slot.ts';
import type { HealthListener, MessageHandler, PubSub } from './pubsub.ts';

/** While unhealthy, the bus tries a probe round trip this often. */
const PROBE_EVERY_MS = 250;
/** A probe that has not come back by then failed. */
const PROBE_TIMEOUT_MS = 1000;

export interface RedisPubSubOptions {
  prefix?: string;
  log?: ErrorSink;
  /** Redis client name prefix. */
  name?: string;
}

/**
 * Redis pub/sub through ioredis: one connection publishes, a separate one subscribes (a subscribed
 * connection cannot publish). Messages travel as raw bytes (`messageBuffer`). ioredis reconnects with
 * backoff and, with `autoResubscribe`, subscribes again to every channel after a reconnect. With
 * Sentinel, each reconnect asks the sentinels for the current master, so a failover is an outage like
 * any other.
 *
 * Cluster: sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis ≥ 7), so a channel's traffic stays on the
 * master that owns its slot instead of going to every node. ioredis keeps one subscriber connection per
 * master (`shardedSubscribers`), records every sharded channel and subscribes them again on a new
 * subscriber connection after a drop or a topology change; it also routes SPUBLISH by slot.
 *
 * Health: the bus is unhealthy from the moment a connection drops or a publish fails, and healthy
 * again only after a probe message went through Redis and came back on the subscriber, after every
 * channel was subscribed again: from then on, messages reach every subscriber. In a Cluster the probe
 * is one message per master (a probe channel in a slot of each), so every shard's subscriber is
 * proven. `subscribe` never fails because of an outage (the channel is subscribed on recovery), so
 * loading a document still works. The first connect is not an outage: the bus counts as healthy until
 * a connection drops or a publish fails, and listeners hear nothing until then (a "recovery" makes
 * instances drop their socket.io clients so that they catch up; on start-up that only cut off the
 * first clients).
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis' as const;
  private readonly pub: RedisClient;
  private readonly sub: RedisClient;
  private readonly sharded: boolean;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly prefix: string;
  /** Probe channels start with this; each probe's token comes back on one of them. */
  private readonly probePrefix: string;
  /** Cluster: probe channels already subscribed (ioredis subscribes them again after a drop). */
  private readonly probeSubscribed = new Set<string>();
  private readonly healthListeners = new Set<HealthListener>();
  private readonly logError: ErrorSink;
  private isHealthy = false;
  /** An outage was seen (not merely the first connect still under way). */
  private outage = false;
  private probing: ReturnType<typeof setTimeout> | null = null;
  private readonly probeWaiters = new Map<string, () => void>();
  private closed = false;

  /** `where`: the Redis settings, or a `redis://` URL of one server. */
  constructor(where: RedisSettings | string, opts: RedisPubSubOptions = {}) {
    const settings: RedisSettings = typeof where === 'string' ? { mode: 'single', url: where } : where;
    this.sharded = settings.mode === 'cluster';
    this.prefix = opts.prefix ?? 'planner:';
    this.probePrefix = `${this.prefix}__probe:${randomUUID()}`;
    this.logError = opts.log ?? ((fields, msg) => console.error(msg, fields));
    const common = {
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
      maxRetriesPerRequest: 3,
    };
    const name = opts.name ?? 'planner';
    this.pub = connectRedis(settings, { ...common, connectionName: `${name}-pub` });
    this.sub = connectRedis(settings, {
      ...common,
      autoResubscribe: true,
      shardedSubscribers: true,
      connectionName: `${name}-sub`,
    });
    // Connection errors are retried by ioredis; without a listener they would be unhandled. They are
    // logged, rate-limited, so an outage shows in the log without flooding it while ioredis retries.
    this.pub.on('error', throttledErrorLog('redis bus (publish)', opts.log));
    this.sub.on('error', throttledErrorLog('redis bus (subscribe)', opts.log));
    for (const conn of [this.pub, this.sub]) {
      conn.on('close', () => this.markDown());
      // Cluster: one node's connection (or a sharded subscriber) ended; the rest may still be up.
      if (this.sharded) conn.on('-node', () => this.markDown());
    }
    this.sub.on(this.sharded ? 'smessageBuffer' : 'messageBuffer', (channel: Buffer, message: Buffer) => {
      const full = channel.toString();
      if (full.startsWith(this.probePrefix)) {
        this.probeWaiters.get(message.toString())?.();
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

  /**
   * One Redis server (or Sentinel's master): subscribes every channel again (harmless when still
   * subscribed) and the probe channel. Cluster: a probe channel in a slot of every master, subscribed
   * once each (ioredis records sharded channels and subscribes them again itself; SSUBSCRIBE through
   * it a second time would record a channel twice).
   */
  private async probeChannels(): Promise<string[]> {
    if (!this.sharded) {
      const channels = [...this.handlers.keys()].map((c) => this.prefix + c);
      await this.sub.subscribe(this.probePrefix, ...channels);
      return [this.probePrefix];
    }
    const probes = probeChannelsPerMaster(this.sub as Cluster, this.probePrefix);
    for (const ch of probes) {
      if (this.probeSubscribed.has(ch)) continue;
      await this.sub.ssubscribe(ch);
      this.probeSubscribed.add(ch);
    }
    return probes;
  }

  /** A round trip through Redis on every probe channel. */
  private async probe(): Promise<boolean> {
    if (this.closed || this.pub.status !== 'ready' || this.sub.status !== 'ready') return false;
    const channels = await this.probeChannels();
    if (channels.length === 0) return false;
    const rounds = channels.map((ch) => {
      const token = randomUUID();
      const back = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
        this.probeWaiters.set(token, () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      return { ch, token, back };
    });
    try {
      await Promise.all(rounds.map((r) => (this.sharded ? this.pub.spublish(r.ch, r.token) : this.pub.publish(r.ch, r.token))));
      return (await Promise.all(rounds.map((r) => r.back))).every(Boolean);
    } finally {
      for (const r of rounds) this.probeWaiters.delete(r.token);
    }
  }

  async publish(channel: string, message: Uint8Array): Promise<void> {
    const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    try {
      if (this.sharded) await this.pub.spublish(this.prefix + channel, bytes);
      else await this.pub.publish(this.prefix + channel, bytes);
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
      const full = this.prefix + channel;
      const subscribing = (this.sharded ? this.sub.ssubscribe(full) : this.sub.subscribe(full)).catch(() => this.markDown());
      if (this.isHealthy || !this.outage) await subscribing;
    }
    return async () => {
      const current = this.handlers.get(channel);
      if (!current) return;
      current.delete(wrapped);
      if (current.size === 0) {
        this.handlers.delete(channel);
        const full = this.prefix + channel;
        await (this.sharded ? this.sub.sunsubscribe(full) : this.sub.unsubscribe(full)).catch(() => {});
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

/**
 * One probe channel per master of the cluster: `<probePrefix>:{<tag>}`, with the first tag whose slot
 * that master owns. Empty while the slot map is unknown.
 */
function probeChannelsPerMaster(cluster: Cluster, probePrefix: string): string[] {
  const masters = new Set<string>();
  for (const owners of cluster.slots) if (owners?.[0]) masters.add(owners[0]);
  const found = new Map<string, string>();
  for (let i = 0; found.size < masters.size && i < 100_000; i++) {
    const owner = cluster.slots[clusterSlot(`p${i}`)]?.[0];
    if (owner && !found.has(owner)) found.set(owner, `${probePrefix}:{p${i}}`);
  }
  return [...found.values()];
}
