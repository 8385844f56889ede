import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

/**
 * Cached read models (issue 19): the finished answer of a read (its JSON bytes and an ETag), kept in
 * memory for as long as the tables it was read from have not changed.
 *
 * Invalidation is exact and shared by every instance on one database (migration 032): each table a
 * cached read depends on has a generation that every committed write statement on it moves (a
 * statement-level trigger inserts into `read_changes`; the generation is `read_generations.base` plus
 * the topic's rows there). A read first takes the generations of its tables (one small query), then
 * serves the bytes cached for exactly those generations, or computes the answer and keeps it. Taking
 * the generations before the data is what keeps it right under concurrent writes: an answer kept
 * under generation g was read after g was, so it holds at least every write that g counts; a write
 * committed later moves the generation and the next read misses. When the database is down, the
 * generation query fails and the request answers 503 like any other read: nothing is served unchecked.
 *
 * What a cached answer may depend on: its key (the query) and the caller's scope only, never the
 * clock (or the clock by an expiry the read computes itself: `validUntil`). The key must carry
 * everything that decides what the caller may see (role, account); public reads share one scope.
 *
 * Memory: least recently used entries are dropped past `maxBytes` (READ_CACHE_MB); one entry per
 * (model, scope, key), replaced when its generations moved. Concurrent misses of the same entry compute once.
 * READ_CACHE_MB=0 turns it off: every read computes its answer, as before (the bench's "before").
 */

/** A cached answer. */
export interface CachedBody {
  body: Buffer;
  /** A strong ETag of the body (quoted). */
  etag: string;
}

interface Entry extends CachedBody {
  gens: string;
  /** Epoch ms after which the entry is no longer valid (clock-dependent answers); Infinity otherwise. */
  validUntil: number;
  bytes: number;
}

/** The tables whose writes move a generation (the triggers of migrations 032 and 033). */
export type Topic =
  | 'approvals'
  | 'plans'
  /** The plans' columns but `updated_at` (and the rest of what live edits touch): see migration 032. */
  | 'plans_core'
  | 'storefronts'
  | 'quarters'
  | 'cancelled_entries'
  | 'users'
  | 'plan_snapshots'
  | 'plan_members'
  /** The recorded visitor counts (migration 033). */
  | 'attendance';

export interface ReadModel {
  /** The model's name (metrics label, part of the key). */
  name: string;
  /** The tables its answer is read from. */
  topics: readonly Topic[];
}

/** What a computation returns: the answer, and optionally until when it holds (clock-dependent reads). */
export interface Computed {
  value: unknown;
  validUntil?: number;
}

export interface ReadCacheStats {
  hit(model: string): void;
  miss(model: string): void;
  bytes(n: number): void;
}

/** Past this many rows in `read_changes`, a read folds them into `read_generations.base`. */
const COMPACT_AFTER = 2000;

/** A fixed memory overhead counted per entry besides its body (key, ETag, map slots). */
const ENTRY_OVERHEAD = 256;

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  /** Generation queries by topic list: the one running, and the next one callers who came later wait for. */
  private readonly flights = new Map<string, { running?: Promise<string>; next?: Promise<string> }>();
  private size = 0;
  private compacting = false;

  constructor(
    private readonly db: Queryable,
    private readonly maxBytes: number,
    private readonly stats?: ReadCacheStats,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.size;
  }

  /** Entries held now. */
  get count(): number {
    return this.entries.size;
  }

  /**
   * The generations of `topics` now, as one string (`topic:gen,…`), from the database. Concurrent
   * callers share a query, but only one that started after they called: a caller that arrives while a
   * query runs waits for the next one (started when that one ends, shared by everyone who arrived in the
   * meantime), so no caller sees generations read before a write it could have seen. Under load this
   * is about one query per round trip instead of one per request.
   */
  generations(topics: readonly Topic[]): Promise<string> {
    const k = topics.join(',');
    let s = this.flights.get(k);
    if (!s) {
      s = {};
      this.flights.set(k, s);
    }
    const st = s;
    const start = (): Promise<string> => {
      const p: Promise<string> = this.queryGenerations(topics).finally(() => {
        if (st.running === p) st.running = undefined;
      });
      st.running = p;
      return p;
    };
    if (!st.running) return start();
    st.next ??= st.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        st.next = undefined;
        return start();
      });
    return st.next;
  }

  private async queryGenerations(topics: readonly Topic[]): Promise<string> {
    const { rows } = await this.db.query<{ topic: string; gen: string; pending: number }>(
      `select g.topic, (g.base + (select count(*) from read_changes c where c.topic = g.topic))::text as gen,
              (select count(*) from read_changes)::int as pending
         from read_generations g where g.topic = any($1::text[]) order by g.topic`,
      [topics],
    );
    // Fail closed: a topic without a generation row could never be invalidated.
    if (rows.length !== new Set(topics).size) throw new Error(`read-cache: unknown topic in ${topics.join(', ')}`);
    if (rows[0] && rows[0].pending > COMPACT_AFTER) void this.compact();
    return rows.map((r) => `${r.topic}:${r.gen}`).join(',');
  }

  /**
   * Folds `read_changes` into `read_generations.base` in one statement, so every reader sees the same
   * sums before and after. One instance at a time (a transaction-scoped advisory lock; another
   * instance's attempt returns at once).
   */
  async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      await this.db.query(
        `with lock as (select pg_try_advisory_xact_lock(hashtext('planner.read-cache.compact')) as ok),
              gone as (delete from read_changes where (select ok from lock) returning topic),
              n as (select topic, count(*) as n from gone group by topic)
         update read_generations g set base = g.base + n.n from n where g.topic = n.topic`,
      );
    } catch {
      // Compaction is housekeeping: the next read past the threshold tries again.
    } finally {
      this.compacting = false;
    }
  }

  /**
   * The answer of `model` for (`scope`, `key`): cached bytes while the generations of its topics have
   * not moved (and `validUntil` has not passed), else `compute()` serialised with `serialize` and kept.
   */
  async read(
    model: ReadModel,
    scope: string,
    key: string,
    compute: () => Promise<Computed>,
    serialize: (value: unknown) => string = JSON.stringify,
  ): Promise<CachedBody> {
    // Caching off (READ_CACHE_MB=0): computed per request as without a cache, no generations read.
    if (this.maxBytes <= 0) {
      this.stats?.miss(model.name);
      return toCached(serialize((await compute()).value));
    }
    const gens = await this.generations(model.topics);
    const id = `${model.name}\u0000${scope}\u0000${key}`;
    const hit = this.entries.get(id);
    if (hit && hit.gens === gens && this.now() < hit.validUntil) {
      // Most recently used: to the end of the map's order.
      this.entries.delete(id);
      this.entries.set(id, hit);
      this.stats?.hit(model.name);
      return hit;
    }
    this.stats?.miss(model.name);
    const flight = `${id}\u0000${gens}`;
    let p = this.pending.get(flight);
    if (!p) {
      p = (async () => {
        const { value, validUntil = Number.POSITIVE_INFINITY } = await compute();
        const { body, etag } = toCached(serialize(value));
        return { body, etag, gens, validUntil, bytes: body.length + id.length + ENTRY_OVERHEAD };
      })();
      this.pending.set(flight, p);
      void p.then(
        (e) => {
          this.pending.delete(flight);
          this.store(id, e);
        },
        () => this.pending.delete(flight),
      );
    }
    return p;
  }

  private store(id: string, e: Entry): void {
    if (this.maxBytes <= 0 || e.bytes > this.maxBytes) return;
    const old = this.entries.get(id);
    // Never replace an entry of newer generations with one computed from older ones (a slow miss).
    if (old && old.gens !== e.gens && newer(old.gens, e.gens)) return;
    if (old) {
      this.size -= old.bytes;
      this.entries.delete(id);
    }
    this.entries.set(id, e);
    this.size += e.bytes;
    for (const [k, v] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(k);
      this.size -= v.bytes;
    }
    this.stats?.bytes(this.size);
  }

  /** Drops every entry (tests, and a reset). */
  clear(): void {
    this.entries.clear();
    this.size = 0;
    this.stats?.bytes(0);
  }
}

/** The bytes of a serialised answer and their strong ETag. */
function toCached(json: string): CachedBody {
  const body = Buffer.from(json);
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/** Whether generations `a` are ahead of `b` in any topic (same topics, same order). */
function newer(a: string, b: string): boolean {
  const bs = b.split(',');
  return a.split(',').some((t, i) => {
    const ga = BigInt(t.slice(t.lastIndexOf(':') + 1));
    const gb = BigInt(bs[i]?.slice(bs[i].lastIndexOf(':') + 1) ?? '0');
    return ga > gb;
  });
}

/** The scope of a caller for a cached read: everything that decides what they may see. */
export function scopeOf(actor: { userId: string; staff: boolean; roles?: readonly string[] } | null): string {
  if (!actor) return 'anonymous';
  return `${actor.staff ? 'staff' : 'user'}:${actor.userId}:${[...(actor.roles ?? [])].sort().join('+')}`;
}
