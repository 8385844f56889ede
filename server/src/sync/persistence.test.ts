import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Persister, type GroupCommit } from './persistence.ts';
import { MemoryDocStore } from './memory-doc-store.ts';
import type { AppendEntry } from './doc-store.ts';
import { silentLogger } from './logger.ts';
import { mergeStored } from './compaction.ts';

class CountingStore extends MemoryDocStore {
  calls: AppendEntry[][] = [];
  failNext = 0;
  /** Time each append takes (timer-driven, so fake timers control it). */
  delayMs = 0;
  override async append(entries: readonly AppendEntry[]) {
    this.calls.push([...entries]);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('database down');
    }
    return super.append(entries);
  }
}

const updatesOf = (n: number) => {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) doc.getArray('a').push([i]);
  return out;
};

describe('group commit', () => {
  it('reports each commit’s documents, rows, bytes and time, and each failed attempt', async () => {
    const store = new CountingStore();
    store.failNext = 1;
    const p = new Persister(store, { windowMs: 1, ackWindowMs: 1, retryMs: 5 }, silentLogger, () => {});
    const seen: GroupCommit[] = [];
    p.onGroupCommit((c) => seen.push(c));
    for (const u of updatesOf(3)) p.add('a', u);
    for (const u of updatesOf(2)) p.add('b', u);
    await p.flush();
    expect(seen.map((c) => c.ok)).toEqual([false, true]);
    const [failed, done] = seen;
    expect(done).toMatchObject({ docs: 2, rows: 2 });
    expect(failed).toMatchObject({ docs: 2, rows: 2, bytes: done.bytes });
    const bytes = store.calls[1].reduce((n, e) => n + e.update.length, 0);
    expect(done.bytes).toBe(bytes);
    expect(done.seconds).toBeGreaterThanOrEqual(0);
    expect(done.seconds).toBeLessThan(60);
  });

  it('writes updates of one window in one append, merged per document', async () => {
    const store = new CountingStore();
    const p = new Persister(store, { windowMs: 5, ackWindowMs: 5, retryMs: 10 }, silentLogger, () => {});
    const [a, b] = [updatesOf(30), updatesOf(3)];
    a.forEach((u) => {
      p.add('a', u);
    });
    b.forEach((u) => {
      p.add('b', u);
    });
    await p.flush();
    expect(store.calls).toHaveLength(1);
    expect(store.calls[0].map((e) => e.docId)).toEqual(['a', 'b']);
    const loaded = await store.load('a');
    expect(loaded.updates).toHaveLength(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, mergeStored(loaded.snapshot, loaded.updates));
    expect(doc.getArray('a').length).toBe(30);
  });

  it('never calls back before the commit, keeps a failed batch and retries it', async () => {
    const store = new CountingStore();
    store.failNext = 2;
    const p = new Persister(store, { windowMs: 1, ackWindowMs: 1, retryMs: 5 }, silentLogger, () => {});
    const durable: number[] = [];
    const us = updatesOf(4);
    p.add('d', us[0]);
    p.whenDurable(() => durable.push(1));
    p.add('d', us[1]);
    p.whenDurable(() => durable.push(2));
    await new Promise((r) => setTimeout(r, 3));
    expect(durable).toEqual([]);
    await p.flush();
    expect(durable).toEqual([1, 2]);
    expect(store.calls.length).toBe(3);
    expect(p.stats.failures).toBe(2);
    const doc = new Y.Doc();
    const loaded = await store.load('d');
    Y.applyUpdate(doc, mergeStored(loaded.snapshot, loaded.updates));
    expect(doc.getArray('a').toJSON()).toEqual([0, 1]);
  });

  it('a callback registered while a write is in flight waits for that write', async () => {
    const store = new CountingStore();
    const p = new Persister(store, { windowMs: 0, ackWindowMs: 0, retryMs: 5 }, silentLogger, () => {});
    p.add('x', updatesOf(1)[0]);
    await new Promise((r) => setTimeout(r, 1));
    let done = false;
    p.whenDurable(() => (done = true));
    expect(done).toBe(false);
    await p.flush();
    expect(done).toBe(true);
  });

  it('holds plain edits for the window, but commits within the ack window once a client waits for its acknowledgement', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask', 'performance'] });
    try {
      const store = new CountingStore();
      const p = new Persister(store, { windowMs: 10_000, ackWindowMs: 2, retryMs: 5 }, silentLogger, () => {});
      const us = updatesOf(3);
      p.add('d', us[0]);
      p.add('d', us[1]);
      let announced = false;
      p.whenDurable(() => (announced = true)); // not urgent: nobody waits on it
      await vi.advanceTimersByTimeAsync(30);
      expect(store.calls).toHaveLength(0);
      expect(announced).toBe(false);
      let acked = false;
      p.whenDurable(() => (acked = true), true);
      p.add('d', us[2]);
      await vi.advanceTimersByTimeAsync(5);
      expect([acked, announced]).toEqual([true, true]);
      // One insert, one row: the three edits merged.
      expect(store.calls).toHaveLength(1);
      expect(store.calls[0]).toHaveLength(1);
      p.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('edits that arrive while a write is in flight wait for their own window, not for the end of the write', async () => {
    // The defect behind S2 on PGlite: after each commit whatever had arrived during the write was
    // committed at once, so with a busy database the commits ran back to back, a few edits each.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask', 'performance'] });
    try {
      const store = slowStore(20);
      const p = new Persister(store, { windowMs: 100, ackWindowMs: 4, retryMs: 5 }, silentLogger, () => {});
      const us = updatesOf(31);
      p.add('doc-0', us[0]);
      await vi.advanceTimersByTimeAsync(100); // the first commit starts and takes 20 ms
      expect(store.calls).toHaveLength(1);
      for (let i = 1; i <= 30; i++) {
        p.add(`doc-${i}`, us[i]); // edits of 30 documents, one every 2 ms from 100 ms on
        await vi.advanceTimersByTimeAsync(2);
      }
      await vi.advanceTimersByTimeAsync(39); // 199 ms
      expect(store.calls).toHaveLength(1);
      // 100 ms after the first of them their commit starts, one for all 30 documents.
      await vi.advanceTimersByTimeAsync(2);
      expect(store.calls).toHaveLength(2);
      expect(new Set(store.calls[1].map((e) => e.docId)).size).toBe(30);
      await vi.advanceTimersByTimeAsync(200);
      expect(store.calls).toHaveLength(2);
      p.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('an acknowledgement requested during a write still gets the ack window after it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask', 'performance'] });
    try {
      const store = slowStore(20);
      const p = new Persister(store, { windowMs: 100, ackWindowMs: 4, retryMs: 5 }, silentLogger, () => {});
      const us = updatesOf(2);
      p.add('a', us[0]);
      await vi.advanceTimersByTimeAsync(101);
      expect(store.calls).toHaveLength(1);
      let acked = false;
      p.add('b', us[1]);
      p.whenDurable(() => (acked = true), true);
      await vi.advanceTimersByTimeAsync(25); // the first write ended at 120 ms; the second started then
      expect(store.calls).toHaveLength(2);
      expect(acked).toBe(false);
      await vi.advanceTimersByTimeAsync(20);
      expect(acked).toBe(true);
      p.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('bounds a group commit to maxBatchDocs documents; acknowledgements wait for every part', async () => {
    const store = new CountingStore();
    const p = new Persister(store, { windowMs: 1, ackWindowMs: 1, retryMs: 5, maxBatchDocs: 4 }, silentLogger, () => {});
    const us = updatesOf(10);
    us.forEach((u, i) => {
      p.add(`d${i}`, u);
    });
    const order: string[] = [];
    p.whenDurable(() => order.push(`ack after ${store.calls.length} appends`), true);
    await p.flush();
    expect(store.calls.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(order).toEqual(['ack after 3 appends']);
  });
});

/** A store whose appends take `ms`. */
const slowStore = (ms: number) => Object.assign(new CountingStore(), { delayMs: ms });
