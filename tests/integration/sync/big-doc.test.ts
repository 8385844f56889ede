import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { MemoryPubSub } from '@planner/server';
import { MemoryDocStore, SyncServer } from '@planner/server/sync/index';
import { adaptWebSocket } from '@planner/server/modules/realtime/sync-plugin';
import { connectDoc, type DocClient } from '../../helpers/yjs.ts';

/**
 * Issue 15, finding 2: a 35.5 MiB plan closed every connection with 4503 "client too slow" right after
 * syncing. The cause: the sync step 2 answering a new client's step 1 is the whole document, and the
 * send buffer's limit (32 MiB) counted it, so a document larger than the limit filled the buffer by
 * itself. The sync core runs here over real `ws` sockets (the plugin's adapter) with a memory store,
 * so that a 40 MiB document is quick to set up, and the stock y-websocket provider connects to it.
 */
describe('a big document over real websockets', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('a 40 MiB document syncs to stock clients and nobody is closed as too slow', { timeout: 120_000 }, async () => {
    const store = new MemoryDocStore();
    const seed = new Y.Doc();
    seed.transact(() => {
      for (let i = 0; i < 80; i++) seed.getMap('layout').set(`v${i}`, String.fromCharCode(65 + (i % 26)).repeat(512 * 1024));
    });
    await store.append([{ docId: 'huge', update: Y.encodeStateAsUpdate(seed) }]);
    seed.destroy();
    const sync = new SyncServer({ store, bus: new MemoryPubSub() });
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws, req) =>
      sync.handleConnection(
        adaptWebSocket(ws, () => {}),
        { docId: 'huge', userId: new URL(req.url ?? '/', 'http://x').searchParams.get('user') ?? 'u', canWrite: true },
      ),
    );
    cleanup.push(
      () => sync.close(),
      () => new Promise((r) => wss.close(r)),
    );
    const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;

    const clients: DocClient[] = [];
    const closes: (number | null)[] = [];
    for (const user of ['a', 'b']) {
      const c = connectDoc(wsUrl, `huge?user=${user}`);
      c.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? null));
      clients.push(c);
      cleanup.push(() => c.close());
    }
    await Promise.all(clients.map((c) => c.synced));
    expect(clients.map((c) => c.doc.getMap('layout').size)).toEqual([80, 80]);
    // Some traffic after the big sync: a deletion (trimming is allowed over the limit) reaches the other.
    clients[0]!.doc.getMap('layout').delete('v0');
    await expect.poll(() => clients[1]!.doc.getMap('layout').has('v0'), { timeout: 10_000 }).toBe(false);
    await new Promise((r) => setTimeout(r, 1000));
    expect(closes).toEqual([]);
    expect(sync.metrics().closedSlowConsumer).toBe(0);
  });
});
