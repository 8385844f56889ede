import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryHub, MemoryPubSub } from '../platform/bus/memory-pubsub.ts';
import type { PubSub } from '../platform/bus/pubsub.ts';
import { SyncServer, type SyncServerOptions } from './sync-server.ts';
import { MemoryDocStore } from './memory-doc-store.ts';
import type { AppendEntry, DocStore } from './doc-store.ts';
import { mergeStored } from './compaction.ts';
import { decodeBusMessage, BusKind } from './bus-messages.ts';
import { fakeClient } from './test-kit.ts';

const servers: SyncServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const make = (opts: Partial<SyncServerOptions> & { store: DocStore; bus: PubSub }) => {
  const s = new SyncServer(opts);
  servers.push(s);
  return s;
};

async function storedText(store: DocStore, docId: string, name = 't') {
  const loaded = await store.load(docId);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, mergeStored(loaded.snapshot, loaded.updates));
  return doc.getText(name).toString();
}

/** A bus whose outgoing messages pass through `filter` (false drops the message). */
function lossy(inner: PubSub, filter: (m: Uint8Array) => boolean): PubSub {
  return {
    kind: inner.kind,
    publish: (c, m) => (filter(m) ? inner.publish(c, m) : Promise.resolve()),
    subscribe: (c, h) => inner.subscribe(c, h),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

describe('SyncServer', () => {
  it('a failed load closes the waiting connections with 4500 and writes nothing; the next load works', async () => {
    const store = new MemoryDocStore();
    const seed = new Y.Doc();
    seed.getText('t').insert(0, 'gespeichert');
    await store.append([{ docId: 'd', update: Y.encodeStateAsUpdate(seed) }]);
    let fail = true;
    const appended: AppendEntry[] = [];
    const flaky: DocStore = {
      load: (id) => (fail ? Promise.reject(new Error('db down')) : store.load(id)),
      append: async (e) => {
        appended.push(...e);
        return store.append(e);
      },
      compact: (id) => store.compact(id),
    };
    const server = make({ store: flaky, bus: new MemoryPubSub() });
    const first = fakeClient(server, 'd');
    await expect.poll(() => first.socket.closedWith?.code).toBe(4500);
    first.doc.getText('t').insert(0, 'leer? ');
    await server.flush();
    expect(appended).toEqual([]);
    expect(server.metrics().loadFailures).toBe(1);
    fail = false;
    const second = fakeClient(server, 'd');
    await expect.poll(() => second.doc.getText('t').toString()).toBe('gespeichert');
    expect(await storedText(store, 'd')).toBe('gespeichert');
  });

  it('unloads an idle document after flushing it', async () => {
    const store = new MemoryDocStore();
    const server = make({ store, bus: new MemoryPubSub(), limits: { idleUnloadMs: 20 }, persistence: { windowMs: 50 } });
    const c = fakeClient(server, 'idle');
    await expect.poll(() => server.metrics().openDocs).toBe(1);
    await expect.poll(() => c.frames.length).toBeGreaterThan(0);
    c.doc.getText('t').insert(0, 'bleibt');
    c.socket.drop();
    await expect.poll(() => server.metrics().openDocs).toBe(0);
    expect(server.metrics().docsUnloaded).toBe(1);
    expect(await storedText(store, 'idle')).toBe('bleibt');
  });

  it('tags origins: client and server updates are saved, listeners see each origin', async () => {
    const store = new MemoryDocStore();
    const server = make({ store, bus: new MemoryPubSub() });
    const seen: string[] = [];
    server.onUpdate((_d, _u, o) => seen.push(o.kind + (o.userId ? `:${o.userId}` : '')));
    const c = fakeClient(server, 'o', { userId: 'ada' });
    await expect.poll(() => c.frames.length).toBeGreaterThan(0);
    c.doc.getText('t').insert(0, 'a');
    await server.transact('o', (doc) => doc.getText('t').insert(1, 'b'));
    await expect.poll(() => c.doc.getText('t').toString()).toBe('ab');
    await server.flush();
    expect(seen).toEqual(['client:ada', 'server']);
    expect(await storedText(store, 'o')).toBe('ab');
  });

  it('anti-entropy repairs an update the bus lost (sequence gap) and one lost at the end (periodic round)', async () => {
    const hub = new MemoryHub();
    const store = new MemoryDocStore();
    let dropped = 0;
    // Instance A loses its 2nd and its 4th published update on the way to B.
    const busA = lossy(new MemoryPubSub(hub), (m) => {
      const msg = decodeBusMessage(m);
      if (msg.kind === BusKind.UPDATE && (msg.seq === 2 || msg.seq === 4)) {
        dropped++;
        return false;
      }
      return true;
    });
    const a = make({ store, bus: busA, fanout: { antiEntropyMs: 100 } });
    const b = make({ store, bus: new MemoryPubSub(hub), fanout: { antiEntropyMs: 100 } });
    const onA = fakeClient(a, 'ae');
    const onB = fakeClient(b, 'ae');
    await expect.poll(() => onA.frames.length && onB.frames.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 20));
    for (const ch of 'abcd') {
      onA.doc.getText('t').insert(onA.doc.getText('t').length, ch);
      await new Promise((r) => setTimeout(r, 5));
    }
    await expect.poll(() => onB.doc.getText('t').toString(), { timeout: 3000 }).toBe('abcd');
    expect(dropped).toBe(2);
    expect(b.metrics().busGaps).toBeGreaterThan(0);
  });

  it('an instance loading late gets unsaved edits of a peer through the query on load', async () => {
    const hub = new MemoryHub();
    const store = new MemoryDocStore();
    // A holds its writes back for a long window: the store does not have them when B loads.
    const a = make({ store, bus: new MemoryPubSub(hub), persistence: { windowMs: 10_000 } });
    const onA = fakeClient(a, 'late');
    await expect.poll(() => onA.frames.length).toBeGreaterThan(0);
    onA.doc.getText('t').insert(0, 'noch nicht gespeichert');
    const b = make({ store, bus: new MemoryPubSub(hub) });
    const onB = fakeClient(b, 'late');
    await expect.poll(() => onB.doc.getText('t').toString()).toBe('noch nicht gespeichert');
    expect(await storedText(store, 'late')).toBe('');
  });

  it('saves a peer update itself when the peer never confirms saving it (rescue)', async () => {
    const hub = new MemoryHub();
    const store = new MemoryDocStore();
    const broken: DocStore = {
      load: (id) => store.load(id),
      append: () => Promise.reject(new Error('disk full')),
      compact: (id) => store.compact(id),
    };
    const a = make({ store: broken, bus: new MemoryPubSub(hub), persistence: { retryMs: 1000 } });
    const b = make({ store, bus: new MemoryPubSub(hub), fanout: { rescueAfterMs: 50 } });
    const onB = fakeClient(b, 'r');
    const onA = fakeClient(a, 'r');
    await expect.poll(() => onA.frames.length && onB.frames.length).toBeGreaterThan(0);
    onA.doc.getText('t').insert(0, 'gerettet');
    await expect.poll(() => onB.doc.getText('t').toString()).toBe('gerettet');
    await expect.poll(() => b.metrics().rescuedUpdates, { timeout: 3000 }).toBeGreaterThan(0);
    await b.flush();
    expect(await storedText(store, 'r')).toBe('gerettet');
    servers.splice(servers.indexOf(a), 1); // its writes can never succeed; do not wait for them
    a.persister.close();
  });

  it('closes a client that stops reading with 4503 once its queue passes the limit', async () => {
    const server = make({ store: new MemoryDocStore(), bus: new MemoryPubSub(), limits: { maxBufferedBytes: 10_000 } });
    const slow = fakeClient(server, 'slow');
    let buffered = 0;
    slow.socket.bufferedAmount = () => buffered;
    const writer = fakeClient(server, 'slow', { userId: 'w' });
    await expect.poll(() => slow.frames.length && writer.frames.length).toBeGreaterThan(0);
    buffered = 20_000; // the network stopped taking bytes for this client
    writer.doc.getText('t').insert(0, 'x'.repeat(100));
    await expect.poll(() => slow.socket.closedWith?.code).toBe(4503);
    expect(writer.socket.closedWith).toBeNull();
    expect(server.metrics().closedSlowConsumer).toBe(1);
  });

  it('compacts a document whose log passes the row threshold', async () => {
    const store = new MemoryDocStore();
    const server = make({
      store,
      bus: new MemoryPubSub(),
      compaction: { maxRows: 5, minLogBytes: 0 },
      persistence: { windowMs: 0 },
    });
    const c = fakeClient(server, 'cmp');
    await expect.poll(() => c.frames.length).toBeGreaterThan(0);
    for (let i = 0; i < 12; i++) {
      c.doc.getText('t').insert(0, String(i % 10));
      await server.flush();
    }
    await expect.poll(() => server.metrics().compactions).toBeGreaterThan(0);
    const loaded = await store.load('cmp');
    expect(loaded.snapshot).not.toBeNull();
    expect(loaded.updates.length).toBeLessThan(12);
    expect(await storedText(store, 'cmp')).toBe(c.doc.getText('t').toString());
  });

  it('does not rewrite the snapshot for a log that is small beside it (S6: write amplification)', async () => {
    const store = new MemoryDocStore();
    const seed = new Y.Doc();
    seed.getText('t').insert(0, 'x'.repeat(20_000));
    await store.append([{ docId: 'big', update: Y.encodeStateAsUpdate(seed) }]);
    await store.compact('big');
    const compactions: string[] = [];
    const counting: DocStore = {
      load: (id) => store.load(id),
      append: (e) => store.append(e),
      compact: (id) => {
        compactions.push(id);
        return store.compact(id);
      },
    };
    // 12 rows pass maxRows, but their few bytes beside a 20 kB snapshot are not worth rewriting it.
    const server = make({
      store: counting,
      bus: new MemoryPubSub(),
      compaction: { maxRows: 5, minLogBytes: 0, hardMaxRows: 100 },
      persistence: { windowMs: 0 },
    });
    const c = fakeClient(server, 'big');
    await expect.poll(() => c.doc.getText('t').length).toBe(20_000);
    for (let i = 0; i < 12; i++) {
      c.doc.getText('t').insert(0, String(i % 10));
      await server.flush();
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(compactions).toEqual([]);
    // Past hardMaxRows the log is compacted whatever its size (load time).
    for (let i = 0; i < 100; i++) {
      c.doc.getText('t').insert(0, String(i % 10));
      await server.flush();
    }
    await expect.poll(() => compactions.length).toBe(1);
    expect(await storedText(store, 'big')).toBe(c.doc.getText('t').toString());
  });

  it('does not write a first snapshot for a log below minLogBytes', async () => {
    const store = new MemoryDocStore();
    const server = make({
      store,
      bus: new MemoryPubSub(),
      compaction: { maxRows: 5, minLogBytes: 64 * 1024 },
      persistence: { windowMs: 0 },
    });
    const c = fakeClient(server, 'small');
    await expect.poll(() => c.frames.length).toBeGreaterThan(0);
    for (let i = 0; i < 12; i++) {
      c.doc.getText('t').insert(0, String(i % 10));
      await server.flush();
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(server.metrics().compactions).toBe(0);
    expect((await store.load('small')).snapshot).toBeNull();
  });
});
