import { throttledErrorLog, type ErrorSink } from '../../platform/log-throttle.ts';
import { connectRedis, type RedisClient } from '../../platform/redis/connect.ts';
import type { RedisSettings } from '../../platform/redis/settings.ts';
import type { LimitStore, MemoryLimitStore } from './limit-store.ts';

const INCR = `local n = redis.call('INCR', KEYS[1])
if ARGV[2] == '1' or n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;
const COUNT = `return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}`;

type ScriptedRedis = RedisClient & {
  limitIncr(key: string, ttlMs: number, sliding: string): Promise<number>;
  limitCount(key: string): Promise<[number, number]>;
};

/**
 * Counts in Redis, shared by every instance. Made to fail fast rather than wait: no offline queue
 * (a command while disconnected fails at once) and a command timeout (a Redis that is connected but
 * silent fails after `timeoutMs`). Every command names one key (the scripts too), so each goes to the
 * one node that owns the key's slot in a Cluster; `del` of several keys is one DEL per key.
 */
export class RedisLimitStore implements LimitStore {
  readonly client: ScriptedRedis;

  /** `where`: the Redis settings, or a `redis://` URL of one server. */
  constructor(where: RedisSettings | string, opts: { timeoutMs: number; prefix?: string; log?: ErrorSink }) {
    const settings: RedisSettings = typeof where === 'string' ? { mode: 'single', url: where } : where;
    const client = connectRedis(settings, {
      connectionName: 'planner-ratelimit',
      keyPrefix: opts.prefix ?? 'planner-login:',
      enableOfflineQueue: false,
      commandTimeout: opts.timeoutMs,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    });
    client.on('error', throttledErrorLog('redis (sign-in limits)', opts.log));
    client.defineCommand('limitIncr', { numberOfKeys: 1, lua: INCR });
    client.defineCommand('limitCount', { numberOfKeys: 1, lua: COUNT });
    this.client = client as ScriptedRedis;
  }

  get ready(): boolean {
    return this.client.status === 'ready';
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  incr(key: string, ttlMs: number, sliding: boolean): Promise<number> {
    return this.client.limitIncr(key, Math.ceil(ttlMs), sliding ? '1' : '0');
  }

  async count(key: string) {
    const [n, pttl] = await this.client.limitCount(key);
    return n > 0 && pttl > 0 ? { n, ttlMs: pttl } : { n: 0, ttlMs: 0 };
  }

  async hold(key: string, ttlMs: number): Promise<void> {
    await this.client.set(key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
  }

  async held(key: string): Promise<number> {
    return Math.max(0, await this.client.pttl(key));
  }

  async del(...keys: string[]): Promise<void> {
    // Keys of one account land in different slots of a Cluster, where a DEL of several fails (CROSSSLOT).
    await Promise.all(keys.map((k) => this.client.del(k)));
  }

  close(): void {
    this.client.disconnect();
  }
}

/**
 * Redis while it answers, this process's memory while it does not. A failed or timed-out command
 * switches to memory at once (the request does not wait again); a probe every `probeMs` switches back
 * when Redis answers. Every count is kept in memory as well (this instance's share, bounded), and the
 * larger of the two holds: an outage does not reset anyone's limits, and what was counted during it
 * still counts after it. Each switch is logged; repeated errors are rate-limited.
 * (A reset during an outage, a success ending a backoff, reaches memory only: a count Redis held from
 * before the outage comes back with it, until it ends.)
 */
export class FallbackLimitStore implements LimitStore {
  private degraded = false;
  /** Whether the switch to memory was logged (then the switch back is, too). */
  private announced = false;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly logFailure: (err: unknown) => void;

  constructor(
    private readonly redis: RedisLimitStore,
    readonly memory: MemoryLimitStore,
    private readonly log: {
      error: ErrorSink;
      info: (msg: string) => void;
    },
    private readonly probeMs = 1000,
  ) {
    this.logFailure = throttledErrorLog('sign-in limits: Redis unavailable, counting failures in memory', log.error);
  }

  /** Whether failures are counted in Redis right now. */
  get usingRedis(): boolean {
    return !this.degraded && this.redis.ready;
  }

  private fail(err: unknown) {
    this.logFailure(err);
    this.announced = true;
    if (this.degraded) return;
    this.degraded = true;
    this.scheduleProbe();
  }

  private scheduleProbe() {
    if (this.closed || this.probe) return;
    this.probe = setTimeout(() => {
      this.probe = undefined;
      void this.redis.ping().then(
        () => {
          if (!this.degraded) return;
          this.degraded = false;
          if (this.announced) this.log.info('sign-in limits: Redis answers again, counting failures there');
          this.announced = false;
        },
        () => this.scheduleProbe(),
      );
    }, this.probeMs);
    this.probe.unref();
  }

  /** Runs `op` on Redis when it is usable, else (or when it fails) on memory. */
  private async run<T>(onRedis: () => Promise<T>, onMemory: () => Promise<T>): Promise<{ value: T; redis: boolean }> {
    if (!this.usingRedis) {
      if (!this.degraded) {
        // Not connected (yet, or any more): memory until a probe gets an answer. Still connecting at
        // start-up is no error worth a log line.
        const status = this.redis.client.status;
        if (status === 'connecting' || status === 'connect') {
          this.degraded = true;
          this.scheduleProbe();
        } else this.fail(`redis connection is ${status}`);
      }
      return { value: await onMemory(), redis: false };
    }
    try {
      return { value: await onRedis(), redis: true };
    } catch (err) {
      this.fail(err);
      return { value: await onMemory(), redis: false };
    }
  }

  async incr(key: string, ttlMs: number, sliding: boolean): Promise<number> {
    // Every count is kept in memory too (this instance's share), so an outage starts from it, not from 0.
    const local = await this.memory.incr(key, ttlMs, sliding);
    const r = await this.run(
      () => this.redis.incr(key, ttlMs, sliding),
      async () => local,
    );
    return Math.max(r.value, local);
  }

  async count(key: string) {
    const local = await this.memory.count(key);
    const r = await this.run(
      () => this.redis.count(key),
      async () => local,
    );
    return local.n > r.value.n ? local : r.value;
  }

  async hold(key: string, ttlMs: number): Promise<void> {
    await this.memory.hold(key, ttlMs);
    await this.run(
      () => this.redis.hold(key, ttlMs),
      async () => {},
    );
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    if (this.memory.has(key)) return false;
    const r = await this.run(
      () => this.redis.claim(key, ttlMs),
      () => this.memory.claim(key, ttlMs),
    );
    if (r.redis && r.value) await this.memory.hold(key, ttlMs);
    return r.value;
  }

  async held(key: string): Promise<number> {
    const r = await this.run(
      () => this.redis.held(key),
      () => this.memory.held(key),
    );
    return r.redis ? Math.max(r.value, await this.memory.held(key)) : r.value;
  }

  async del(...keys: string[]): Promise<void> {
    await this.memory.del(...keys);
    await this.run(
      () => this.redis.del(...keys),
      async () => {},
    );
  }

  close(): void {
    this.closed = true;
    if (this.probe) clearTimeout(this.probe);
    this.redis.close();
  }
}
