/**
 * Where sign-in's failure counts live: counters and markers that end after a time. Redis shares them
 * between instances; {@link FallbackLimitStore} keeps sign-in working when Redis is gone by counting
 * in this process's memory until Redis answers again.
 *
 * The Redis stores are in redis-limit-store.ts, loaded only when Redis is configured (issue 19: ioredis is
 * not loaded by a server without Redis).
 */
export interface LimitStore {
  /**
   * Adds one to `key` and returns the new count. The count ends `ttlMs` after this increment
   * (`sliding`) or after the first one (a fixed window).
   */
  incr(key: string, ttlMs: number, sliding: boolean): Promise<number>;
  /** The count of `key` and the ms until it ends (both 0 when there is none). */
  count(key: string): Promise<{ n: number; ttlMs: number }>;
  /** Sets a marker for `ttlMs`, replacing any. */
  hold(key: string, ttlMs: number): Promise<void>;
  /** Sets a marker for `ttlMs` unless one is set; true when this call set it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** The ms until the marker `key` ends, 0 when there is none. */
  held(key: string): Promise<number>;
  del(...keys: string[]): Promise<void>;
}

interface Entry {
  n: number;
  expiresAt: number;
}

/** Counts in this process's memory (no Redis, or Redis unavailable). Bounded: expired entries are swept. */
export class MemoryLimitStore implements LimitStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt > this.now()) return e;
    this.entries.delete(key);
    return undefined;
  }

  /** Whether a key has a live entry (the fallback store keeps such keys current after an outage). */
  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  private set(key: string, e: Entry) {
    this.entries.delete(key);
    this.entries.set(key, e);
    if (++this.writes % 1000 === 0 || this.entries.size > this.maxEntries) this.sweep();
  }

  private sweep() {
    const t = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= t) this.entries.delete(k);
    // Still too many (a flood of distinct keys): the oldest writes go first.
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
  }

  async incr(key: string, ttlMs: number, sliding: boolean): Promise<number> {
    const e = this.live(key);
    const n = (e?.n ?? 0) + 1;
    this.set(key, { n, expiresAt: e && !sliding ? e.expiresAt : this.now() + ttlMs });
    return n;
  }

  async count(key: string) {
    const e = this.live(key);
    return e ? { n: e.n, ttlMs: e.expiresAt - this.now() } : { n: 0, ttlMs: 0 };
  }

  async hold(key: string, ttlMs: number): Promise<void> {
    this.set(key, { n: 1, expiresAt: this.now() + ttlMs });
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.set(key, { n: 1, expiresAt: this.now() + ttlMs });
    return true;
  }

  async held(key: string): Promise<number> {
    const e = this.live(key);
    return e ? e.expiresAt - this.now() : 0;
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.entries.delete(k);
  }
}
