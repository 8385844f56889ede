import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MESSAGE_NOTICE, SyncCloseCode, decodeNoticeMessage, type NoticeMessage } from '@planner/shared/sync-protocol';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { connect, freshDocId, rawConnect, testDocAuthorizer, upgradeStatus, type Client } from './helpers.ts';

/**
 * Issue 15, findings 2, 10 and 14 against a real server with the stock y-websocket client: the document
 * size limit (SYNC_MAX_DOC_BYTES; a small one here, big-doc.test.ts covers a 40 MiB document), the
 * per-user connection cap (default 20, 429 before upgrading), and presence limits (own ids only, at most 2, at most 4 KiB each).
 */
const LIMIT = 256 * 1024;
// A small document limit keeps the embedded database fast; the default (8 MiB) is config.ts's.
const test = withServerOptions({ docAuthorizer: testDocAuthorizer, env: { SYNC_MAX_DOC_BYTES: String(LIMIT) } });

const KiB = 1024;
const value = (n: number, c = 'x') => c.repeat(n);

function awarenessFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function rawAwareness(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(e, id);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}

function awarenessIds(frames: Uint8Array[]): Set<number> {
  const ids = new Set<number>();
  for (const f of frames) {
    const d = decoding.createDecoder(f);
    if (decoding.readVarUint(d) !== 1) continue;
    const u = decoding.createDecoder(decoding.readVarUint8Array(d));
    const n = decoding.readVarUint(u);
    for (let i = 0; i < n; i++) {
      ids.add(decoding.readVarUint(u));
      decoding.readVarUint(u);
      decoding.readVarString(u);
    }
  }
  return ids;
}

/** Records close events and status changes of a stock provider. */
function watch(c: Client) {
  const closes: (number | null)[] = [];
  c.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? null));
  return closes;
}

describe('sync limits', () => {
  let server: TestServer;
  const clients: Client[] = [];
  const open = (id: string, token: string, opts: { ack?: boolean } = {}) => {
    const c = connect(server.wsUrl, id, token, opts);
    clients.push(c);
    return c;
  };
  test.beforeAll(({ server: s }) => {
    server = s;
  });
  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  it('an oversized document still loads for a stock client; growing it is refused with 4409, trimming it is accepted', async () => {
    const id = freshDocId('over');
    // Grown before the limit existed (server-side writes are not limited): 320 KiB against 256 KiB.
    await server.app.sync.transact(id, (doc) => {
      for (let i = 0; i < 10; i++) doc.getMap('layout').set(`v${i}`, value(32 * KiB));
    });
    const reader = open(id, 'w:designer');
    const closes = watch(reader);
    await reader.synced;
    expect(reader.doc.getMap('layout').size).toBe(10);

    // Growing it is refused: a stock client without `?ack=1` is closed with DOC_TOO_LARGE (permanent).
    const grower = open(id, 'w:designer2');
    const closed = new Promise<{ code: number }>((resolve) => grower.provider.on('closed', resolve));
    await grower.synced;
    grower.doc.getMap('layout').set('more', 'x');
    expect((await closed).code).toBe(SyncCloseCode.DOC_TOO_LARGE);
    expect(grower.provider.shouldConnect).toBe(false);
    expect((await served(id)).getMap('layout').has('more')).toBe(false);

    // Trimming (deletions only) is accepted; once under the limit, editing works again.
    reader.doc.transact(() => {
      for (let i = 0; i < 6; i++) reader.doc.getMap('layout').delete(`v${i}`);
    });
    await expect.poll(async () => (await served(id)).getMap('layout').size).toBe(4);
    reader.doc.getMap('layout').set('after', 'klein');
    await expect.poll(async () => (await served(id)).getMap('layout').get('after')).toBe('klein');
    expect(closes).toEqual([]);
  });

  it('refuses the update that would pass the limit and tells an ack client (notice doc-too-large); the connection stays', async () => {
    const id = freshDocId('grow');
    const writer = open(id, 'w:designer', { ack: true });
    const notices: NoticeMessage[] = [];
    writer.provider.messageHandlers[MESSAGE_NOTICE] = (_e, decoder) => {
      const n = decodeNoticeMessage(decoder.arr);
      if (n) notices.push(n);
    };
    const closes = watch(writer);
    await writer.synced;
    await expect.poll(() => writer.saved.savedThrough).toBeGreaterThan(0);
    const base = writer.saved.savedThrough;
    let accepted = 0;
    for (let i = 0; i < 20 && notices.length === 0; i++) {
      writer.doc.getMap('layout').set(`v${i}`, value(32 * KiB, String.fromCharCode(97 + i)));
      const before = notices.length;
      await expect
        .poll(() => writer.saved.savedThrough > base + accepted || notices.length > before, { timeout: 10_000 })
        .toBe(true);
      if (notices.length === before) accepted++;
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ code: 'doc-too-large', limitBytes: LIMIT });
    // 7 values of 32 KiB were accepted, the 8th would have passed 256 KiB.
    expect(accepted).toBe(7);
    expect(notices[0]!.docBytes).toBeGreaterThan(7 * 32 * KiB);
    expect(notices[0]!.docBytes).toBeLessThanOrEqual(LIMIT);
    console.log(`[finding 2] refused at a document of ${notices[0]!.docBytes} bytes after ${accepted} × 32 KiB`);
    const live = await served(id);
    expect(live.getMap('layout').size).toBe(accepted);
    expect(closes).toEqual([]);
    expect(writer.provider.wsconnected).toBe(true);
  });

  it('caps /yjs connections per user at 20: the 21st upgrade gets 429, other users are unaffected', async () => {
    const id = freshDocId('cap');
    // A burst of 30 at once: exactly 20 are accepted (upgrades in flight count), the rest get 429.
    const burst = await Promise.allSettled(Array.from({ length: 30 }, () => rawConnect(server.wsUrl, id, 'token=w:greedy')));
    const raws = burst.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(raws).toHaveLength(20);
    expect(burst.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual(
      Array(10).fill('Error: Unexpected server response: 429'),
    );
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}?token=w:greedy`)).toBe(429);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}-other?token=r:greedy`)).toBe(429);
    const other = await rawConnect(server.wsUrl, id, 'token=w:someone-else');
    other.ws.close();
    // A closed connection frees its slot.
    raws[0]!.ws.close();
    await raws[0]!.closed;
    await expect.poll(() => server.app.sync.connectionsOf('greedy')).toBe(19);
    const again = await rawConnect(server.wsUrl, id, 'token=w:greedy');
    for (const r of [...raws, again]) r.ws.close();
  });

  it('a read-only connection cannot broadcast 2000 made-up presence states: a joiner gets at most its 2 own ids', async () => {
    const id = freshDocId('aw');
    const owner = await rawConnect(server.wsUrl, id, 'token=r:owner');
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      id: 5_000_000 + i,
      clock: 1,
      state: { user: { name: `Erfundene Person Nummer ${i} `.repeat(40), color: '#123456' }, cursor: { x: i, y: i } },
    }));
    const frame = awarenessFrame(rawAwareness(entries));
    const dropped = server.app.sync.metrics().droppedAwarenessStates;
    owner.send(frame);
    // The first two ids count as the connection's own (a stock client has one); the rest is dropped.
    await expect.poll(() => server.app.sync.metrics().droppedAwarenessStates).toBe(dropped + 1998);
    // A third id later is dropped too, and so is an own state over 4 KiB.
    owner.send(awarenessFrame(rawAwareness([{ id: 4_999_999, clock: 1, state: { cursor: { x: 1, y: 2 } } }])));
    owner.send(awarenessFrame(rawAwareness([{ id: 5_000_000, clock: 2, state: { pad: value(5000) } }])));
    await expect.poll(() => server.app.sync.metrics().droppedAwarenessStates).toBe(dropped + 2000);

    const joiner = await rawConnect(server.wsUrl, id, 'token=w:joiner');
    await expect.poll(() => awarenessIds(joiner.frames).size).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    const relayed = joiner.frames.filter((f) => f[0] === 1).reduce((n, f) => n + f.length, 0);
    console.log(`[finding 14] sent ${Math.round(frame.length / 1024)} KiB of presence; a joiner got ${relayed} bytes`);
    expect(awarenessIds(joiner.frames)).toEqual(new Set([5_000_000, 5_000_001]));
    expect(relayed).toBeLessThan(2 * 4 * KiB + 64);
    expect(owner.ws.readyState).toBe(owner.ws.OPEN);
    owner.ws.close();
    joiner.ws.close();
  });

  async function served(id: string) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await server.app.sync.getDocState(id));
    return doc;
  }
});
