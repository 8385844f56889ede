import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisSettings } from './settings.ts';

/** A client of any of the three Redis forms; both speak the same commands. */
export type RedisClient = Redis | Cluster;

/** What the bus and the sign-in limits ask of their connections, whatever the form. */
export interface ClientOptions {
  connectionName: string;
  keyPrefix?: string;
  /** Default true: commands wait while disconnected. False: they fail at once. */
  enableOfflineQueue?: boolean;
  commandTimeout?: number;
  maxRetriesPerRequest?: number | null;
  connectTimeout?: number;
  /** Delay before reconnect attempt `times` (one server, Sentinel) or before the Cluster is asked again. */
  retryStrategy?: (times: number) => number | null;
  autoResubscribe?: boolean;
  /**
   * Cluster only: SSUBSCRIBE goes to one extra connection per master that owns the channel's slot
   * (ioredis `shardedSubscribers`), so sharded pub/sub works.
   */
  shardedSubscribers?: boolean;
}

/**
 * One ioredis client for the configured form: `new Redis(url)`, `new Redis({ sentinels, name })` (asks
 * the sentinels for the master, and again after a failover) or `new Cluster(nodes)`.
 */
export function connectRedis(settings: RedisSettings, opts: ClientOptions): RedisClient {
  const common: RedisOptions = {
    connectionName: opts.connectionName,
    keyPrefix: opts.keyPrefix,
    commandTimeout: opts.commandTimeout,
    maxRetriesPerRequest: opts.maxRetriesPerRequest,
    connectTimeout: opts.connectTimeout,
    autoResubscribe: opts.autoResubscribe,
  };
  // ioredis treats an explicit `undefined` like a given value for some options: leave them out.
  for (const k of Object.keys(common) as (keyof RedisOptions)[]) if (common[k] === undefined) delete common[k];
  switch (settings.mode) {
    case 'single':
      return new Redis(settings.url, {
        ...common,
        enableOfflineQueue: opts.enableOfflineQueue,
        retryStrategy: opts.retryStrategy,
      });
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: settings.sentinels,
        name: settings.masterName,
        username: settings.username,
        password: settings.password,
        enableOfflineQueue: opts.enableOfflineQueue,
        retryStrategy: opts.retryStrategy,
        // Hears +switch-master from the sentinels and reconnects at once, instead of waiting for the
        // old master's connection to drop (a frozen master never drops it).
        failoverDetector: true,
      });
    case 'cluster': {
      const { keyPrefix, ...redisOptions } = common;
      return new Cluster(settings.nodes, {
        keyPrefix,
        enableOfflineQueue: opts.enableOfflineQueue,
        clusterRetryStrategy: opts.retryStrategy,
        shardedSubscribers: opts.shardedSubscribers,
        redisOptions: { ...redisOptions, username: settings.username, password: settings.password },
      });
    }
  }
}
