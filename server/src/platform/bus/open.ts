import { MemoryPubSub } from './memory-pubsub.ts';
import type { ErrorSink } from '../log-throttle.ts';
import type { RedisSettings } from '../redis/settings.ts';
import type { PubSub } from './pubsub.ts';

/** Redis (one server, Sentinel or Cluster) when configured, else the in-process bus. */
export async function openBus(opts: { redis?: RedisSettings; prefix?: string; log?: ErrorSink }): Promise<PubSub> {
  if (opts.redis) {
    const { RedisPubSub } = await import('./redis-pubsub.ts');
    return new RedisPubSub(opts.redis, { prefix: opts.prefix, log: opts.log });
  }
  return new MemoryPubSub();
}
