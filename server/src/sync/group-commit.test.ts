import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_SAVED, decodeSavedMessage } from '@planner/shared/sync-protocol';
import { MemoryPubSub } from '../platform/bus/memory-pubsub.ts';
import type { Database, Queryable } from '../platform/db/database.ts';
import { sharedTestDatabase } from '../platform/db/test-database.ts';
import { SyncServer, type SyncServerOptions } from './sync-server.ts';
import { SqlDocStore } from './sql-doc-store.ts';
import { mergeStored } from './compaction.ts';
import { fakeClient } from './test-kit.ts';

/**
 * The group commit across documents on the real SQL store (embedded PGlite): what reaches the
 * `Database` interface is counted by a wrapper, which can also make the inserts fail.
 */
class CountingDatabase implements Database {
  readonly kind;
  /** Statements inserting into document_updates, with their row counts. */
  readonly inserts: number[] = [];
  transactions = 0;
  /** While true, every insert into document_updates fails (the database refuses the commit). */
  failInserts = false;
  constructor(private readonly inner: Database) {
    this.kind = inner.kind;
  }
  private count(q: Queryable): Queryable {
    return {
      query: async (sql, params) => {
        if (/^\s*insert into document_updates/i.test(sql)) {
          if (this.failInserts) throw new Error('commit refused (test)');
          this.inserts.push((params?.length ?? 0) / 2);
        }
        return q.query(sql, params);
      },
    };
  }
  query: Queryable['query'] = (sql, params) => this.count(this.inner).query(sql, params);
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.transactions++;
    return this.inner.transaction((tx) => fn(this.count(tx)));
  }
  exec = (sql: string) => this.inner.exec(sql);
  ping = () => this.inner.ping();
  close = async () => {};
}

const servers: SyncServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const make = (db: Database, opts: Partial<SyncServerOptions> = {}) => {
  const s = new SyncServer({ store: new SqlDocStore(db), bus: new MemoryPubSub(), ...opts });
  servers.push(s);
  return s;
};
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const savedIn = (frames: Uint8Array[]) =>
  frames.filter((f) => f[0] === MESSAGE_SAVED).map((f) => decodeSavedMessage(f)?.savedThrough ?? -1);

async function storedArray(db: Database, docId: string) {
  const loaded = await new SqlDocStore(db).load(docId);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, mergeStored(loaded.snapshot, loaded.updates));
  return doc.getArray('a').toJSON();
}

describe('group commit across documents (SQL store)', () => {
  it('pending edits of 20 documents go into the database as one INSERT of 20 rows; no ack before it', async () => {
    const db = new CountingDatabase(await sharedTestDatabase());
    // A window long enough that every edit below falls into it, even on a loaded machine.
    const server = make(db, { persistence: { windowMs: 300, ackWindowMs: 300 } });
    const clients = Array.from({ length: 20 }, (_, i) => fakeClient(server, `gc-${run}-${i}`, { ack: true }));
    await expect.poll(() => server.metrics().docsLoaded).toBeGreaterThanOrEqual(20);
    // The acknowledgements of the clients' first sync messages (nothing to save in them).
    await expect.poll(() => clients.every((c) => savedIn(c.frames).length > 0), { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const before = { inserts: db.inserts.length, transactions: db.transactions };
    const acked = () => clients.map((c) => Math.max(...savedIn(c.frames)));
    const ackedBefore = acked();
    clients.forEach((c, i) => {
      c.doc.getArray('a').push([`edit ${i}`]);
      c.doc.getArray('a').push([`more ${i}`]);
    });
    await new Promise((r) => setTimeout(r, 100));
    // Within the window: nothing written, nobody told "saved".
    expect(db.inserts.length).toBe(before.inserts);
    expect(acked()).toEqual(ackedBefore);
    await expect.poll(() => acked().every((n, i) => n >= ackedBefore[i] + 2), { timeout: 5000 }).toBe(true);
    // One statement (itself one transaction), one row per document: its two edits merged.
    expect(db.inserts.slice(before.inserts)).toEqual([20]);
    expect(db.transactions).toBe(before.transactions);
    for (let i = 0; i < 20; i++) expect(await storedArray(db, `gc-${run}-${i}`)).toEqual([`edit ${i}`, `more ${i}`]);
  });

  it('a commit the database refuses acknowledges nothing; the edit is retried, kept and then acknowledged', async () => {
    const db = new CountingDatabase(await sharedTestDatabase());
    const server = make(db, { persistence: { windowMs: 20, ackWindowMs: 4, retryMs: 10 } });
    const a = fakeClient(server, `gc-fail-${run}`, { ack: true });
    await expect.poll(() => server.metrics().docsLoaded).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 20));
    await expect.poll(() => savedIn(a.frames).length, { timeout: 5000 }).toBeGreaterThan(0);
    const acksBefore = savedIn(a.frames).length;
    db.failInserts = true;
    a.doc.getArray('a').push(['kept']);
    await expect.poll(() => server.metrics().persistFailures, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    expect(savedIn(a.frames).length).toBe(acksBefore);
    expect(await storedArray(db, `gc-fail-${run}`)).toEqual([]);
    db.failInserts = false;
    await expect.poll(() => savedIn(a.frames).length, { timeout: 5000 }).toBeGreaterThan(acksBefore);
    expect(await storedArray(db, `gc-fail-${run}`)).toEqual(['kept']);
  });
});
