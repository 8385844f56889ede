import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { sharedTestDatabase } from '../db/test-database.ts';
import { ReadCache, scopeOf, type ReadModel } from './read-cache.ts';

const QUARTERS: ReadModel = { name: 'q', topics: ['quarters'] };

describe('ReadCache (migration 032 generations)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await sharedTestDatabase();
  });

  const counter = () => {
    let n = 0;
    return {
      compute: async () => ({ value: { n: ++n } }),
      get calls() {
        return n;
      },
    };
  };

  it('serves the cached bytes until a committed write on one of its tables, then computes afresh', async () => {
    const cache = new ReadCache(db, 1 << 20);
    const c = counter();
    const a = await cache.read(QUARTERS, 'public', 'k', c.compute);
    const b = await cache.read(QUARTERS, 'public', 'k', c.compute);
    expect(c.calls).toBe(1);
    expect(b.body.toString()).toBe('{"n":1}');
    expect(b.etag).toBe(a.etag);
    // A write on another table leaves it alone.
    await db.query(`update read_generations set base = base where topic = 'plans'`);
    await db.query(`update plan_members set role = role where false`);
    expect((await cache.read(QUARTERS, 'public', 'k', c.compute)).body.toString()).toBe('{"n":1}');
    // Any write statement on quarters moves its generation (statement-level trigger, even zero rows).
    await db.query(`update quarters set name = name where false`);
    const fresh = await cache.read(QUARTERS, 'public', 'k', c.compute);
    expect(fresh.body.toString()).toBe('{"n":2}');
    expect(fresh.etag).not.toBe(a.etag);
  });

  it("moves 'plans_core' for the plans' read columns only, 'plans' for any write (live edits touch updated_at)", async () => {
    const cache = new ReadCache(db, 1 << 20);
    const both = () => cache.generations(['plans', 'plans_core']);
    const g0 = await both();
    await db.query('update plans set updated_at = updated_at where false');
    const g1 = await both();
    expect(g1).not.toBe(g0);
    expect(g1.split(',')[1]).toBe(g0.split(',')[1]);
    await db.query('update plans set status = status where false');
    const g2 = await both();
    expect(g2.split(',')[0]).not.toBe(g1.split(',')[0]);
    expect(g2.split(',')[1]).not.toBe(g1.split(',')[1]);
  });

  it('does not move a generation for a write that was rolled back', async () => {
    const cache = new ReadCache(db, 1 << 20);
    const before = await cache.generations(['quarters']);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`update quarters set name = name where false`);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await cache.generations(['quarters'])).toBe(before);
  });

  it('keeps keys and scopes apart', async () => {
    const cache = new ReadCache(db, 1 << 20);
    const one = await cache.read(QUARTERS, 'staff', 'k', async () => ({ value: 'staff body' }));
    const two = await cache.read(QUARTERS, 'user:u1:owner', 'k', async () => ({ value: 'owner body' }));
    const three = await cache.read(QUARTERS, 'staff', 'k2', async () => ({ value: 'other key' }));
    expect([one, two, three].map((x) => x.body.toString())).toEqual(['"staff body"', '"owner body"', '"other key"']);
    expect(scopeOf(null)).toBe('anonymous');
    expect(scopeOf({ userId: 'u1', staff: false, roles: ['owner', 'designer'] })).toBe('user:u1:designer+owner');
    expect(scopeOf({ userId: 'u1', staff: false, roles: ['owner'] })).not.toBe(
      scopeOf({ userId: 'u2', staff: false, roles: ['owner'] }),
    );
  });

  it('expires an answer at its validUntil (the clock), without a write', async () => {
    let now = 1_000;
    const cache = new ReadCache(db, 1 << 20, undefined, () => now);
    let n = 0;
    const compute = async () => ({ value: ++n, validUntil: 2_000 });
    await cache.read(QUARTERS, 's', 'clock', compute);
    now = 1_999;
    expect((await cache.read(QUARTERS, 's', 'clock', compute)).body.toString()).toBe('1');
    now = 2_000;
    expect((await cache.read(QUARTERS, 's', 'clock', compute)).body.toString()).toBe('2');
  });

  it('shares a generation query only with callers that came before it started', async () => {
    let queries = 0;
    let release: () => void = () => {};
    let gate = new Promise<void>((r) => (release = r));
    // The database with the generation query held until released (to order the callers).
    const slow = {
      query: async (sql: string, params?: unknown[]) => {
        const result = await db.query(sql, params);
        if (sql.includes('read_generations g')) {
          queries++;
          await gate;
        }
        return result;
      },
    };
    const cache = new ReadCache(slow as Database, 1 << 20);
    const first = cache.generations(['quarters']);
    // Arrive while the first query runs: they wait for the next one, which starts after it, and share it.
    await new Promise((r) => setTimeout(r, 10));
    const second = cache.generations(['quarters']);
    const third = cache.generations(['quarters']);
    expect(queries).toBe(1);
    // A write between the first query's start and the next one's: the later callers must see it.
    const before = await db.query<{ n: number }>('select count(*)::int as n from read_changes');
    await db.query(`update quarters set name = name where false`);
    expect((await db.query<{ n: number }>('select count(*)::int as n from read_changes')).rows[0].n).toBe(before.rows[0].n + 1);
    release();
    const g1 = await first;
    gate = new Promise<void>((r) => (release = r));
    await new Promise((r) => setTimeout(r, 10));
    release();
    const [g2, g3] = await Promise.all([second, third]);
    expect(queries).toBe(2);
    expect(g2).toBe(g3);
    expect(g2).not.toBe(g1);
  });

  it('computes once for concurrent misses of one entry', async () => {
    const cache = new ReadCache(db, 1 << 20);
    const c = counter();
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 20));
      return c.compute();
    };
    const all = await Promise.all(Array.from({ length: 10 }, () => cache.read(QUARTERS, 's', 'concurrent', slow)));
    expect(c.calls).toBe(1);
    expect(new Set(all.map((x) => x.etag)).size).toBe(1);
  });

  it('stays within its byte bound, dropping the least recently used', async () => {
    const cache = new ReadCache(db, 2000);
    const big = (tag: string) => async () => ({ value: tag.repeat(600) });
    await cache.read(QUARTERS, 's', 'a', big('a'));
    await cache.read(QUARTERS, 's', 'b', big('b'));
    await cache.read(QUARTERS, 's', 'a', big('x')); // a used again: b is the oldest now
    await cache.read(QUARTERS, 's', 'c', big('c'));
    expect(cache.bytes).toBeLessThanOrEqual(2000);
    expect(cache.count).toBe(2);
    let recomputed = false;
    await cache.read(QUARTERS, 's', 'a', async () => {
      recomputed = true;
      return { value: '' };
    });
    expect(recomputed).toBe(false);
    await cache.read(QUARTERS, 's', 'b', async () => {
      recomputed = true;
      return { value: '' };
    });
    expect(recomputed).toBe(true);
    // Nothing at all with a bound of 0: every read computes.
    const off = new ReadCache(db, 0);
    const c = counter();
    await off.read(QUARTERS, 's', 'a', c.compute);
    await off.read(QUARTERS, 's', 'a', c.compute);
    expect(off.count).toBe(0);
    expect(c.calls).toBe(2);
  });

  it('compaction folds the change log into the base without moving any generation', async () => {
    const cache = new ReadCache(db, 1 << 20);
    for (let i = 0; i < 5; i++) await db.query(`update quarters set name = name where false`);
    const before = await cache.generations(['quarters', 'plans', 'users']);
    await cache.compact();
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from read_changes');
    expect(rows[0].n).toBe(0);
    expect(await cache.generations(['quarters', 'plans', 'users'])).toBe(before);
    await db.query(`update quarters set name = name where false`);
    expect(await cache.generations(['quarters', 'plans', 'users'])).not.toBe(before);
  });

  it('refuses a topic that has no generation (it could never be invalidated)', async () => {
    const cache = new ReadCache(db, 1 << 20);
    await expect(cache.generations(['nope' as never])).rejects.toThrow(/unknown topic/);
  });
});
