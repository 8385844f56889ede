import { MemoryPubSub } from './memory-pubsub.ts';
import type { ErrorSink } from '../log-throttle.ts';
import type { PubSub } from './pubsub.ts';

/** Redis when a URL is given, else the in-process bus. */
export async function openBus(opts: { redisUrl?: string; prefix?: string; log?: ErrorSink }): Promise<PubSub> {
  if (opts.redisUrl) {
    const { RedisPubSub } = await import('./redis-pubsub.ts');
    return new RedisPubSub(opts.redisUrl, { prefix: opts.prefix, log: opts.log });
  }
  return new MemoryPubSub();
}
