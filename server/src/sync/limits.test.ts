import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { MESSAGE_NOTICE, SyncCloseCode, decodeNoticeMessage } from '@planner/shared/sync-protocol';
import { MemoryHub, MemoryPubSub } from '../platform/bus/memory-pubsub.ts';
import { SyncServer, type SyncServerOptions } from './sync-server.ts';
import { MemoryDocStore } from './memory-doc-store.ts';
import { FakeSocket, fakeClient } from './test-kit.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { loadConfig } from '../platform/config.ts';

const servers: SyncServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const make = (opts: Partial<SyncServerOptions> = {}) => {
  const s = new SyncServer({ store: new MemoryDocStore(), bus: new MemoryPubSub(new MemoryHub()), ...opts });
  servers.push(s);
  return s;
};
const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));
const KiB = 1024;

/** A y-websocket awareness frame (message type 1) carrying `update`. */
function awarenessFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A hand-made awareness update: any client ids, clocks and states (what a hostile client can send). */
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

/** Client ids carried by the awareness frames among `frames`. */
function awarenessIdsIn(frames: Uint8Array[]): Set<number> {
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

const bytesOf = (frames: Uint8Array[]) => frames.reduce((n, f) => n + f.length, 0);
const noticesIn = (frames: Uint8Array[]) => frames.filter((f) => f[0] === MESSAGE_NOTICE).map((f) => decodeNoticeMessage(f));

/** A document of `n` values of `size` bytes each in the map 'big'. */
function bigUpdate(n: number, size: number, seed = 0): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < n; i++) doc.getMap('big').set(`v${seed}-${i}`, 'x'.repeat(size));
  });
  return Y.encodeStateAsUpdate(doc);
}

describe('document size limit (finding 2)', () => {
  it('refuses an update that would pass the limit, tells an ack client why, and keeps the connection open', async () => {
    const server = make({ limits: { maxDocBytes: 64 * KiB } });
    const a = fakeClient(server, 'size', { ack: true });
    const b = fakeClient(server, 'size');
    await settle();
    a.doc.getMap('big').set('first', 'x'.repeat(40 * KiB));
    await settle();
    expect(b.doc.getMap('big').get('first')).toHaveLength(40 * KiB);

    a.doc.getMap('big').set('second', 'y'.repeat(40 * KiB));
    await settle();
    // Not applied, not relayed, not stored; the connection stays open.
    expect(b.doc.getMap('big').has('second')).toBe(false);
    const served = await server.getDocState('size');
    const check = new Y.Doc();
    Y.applyUpdate(check, served);
    expect(check.getMap('big').has('second')).toBe(false);
    expect(a.socket.closedWith).toBeNull();
    expect(server.metrics().refusedDocTooLarge).toBe(1);
    const notices = noticesIn(a.frames);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ code: 'doc-too-large', limitBytes: 64 * KiB });
    expect(notices[0]!.docBytes).toBeGreaterThan(40 * KiB);
    // A client without extensions gets no notice frame it could not read.
    expect(noticesIn(b.frames)).toHaveLength(0);
  });

  it('a client that did not ask for extensions is closed with DOC_TOO_LARGE (permanent)', async () => {
    const server = make({ limits: { maxDocBytes: 64 * KiB } });
    const a = fakeClient(server, 'size-stock');
    await settle();
    a.doc.getMap('big').set('a', 'x'.repeat(70 * KiB));
    await settle();
    expect(a.socket.closedWith?.code).toBe(SyncCloseCode.DOC_TOO_LARGE);
  });

  it('an existing oversized document loads, refuses growth, and accepts deletions that trim it', async () => {
    const store = new MemoryDocStore();
    await store.append([{ docId: 'over', update: bigUpdate(10, 20 * KiB) }]);
    const server = make({ store, limits: { maxDocBytes: 64 * KiB } });
    const a = fakeClient(server, 'over', { ack: true });
    await settle();
    expect(a.doc.getMap('big').size).toBe(10);
    expect(a.socket.closedWith).toBeNull();
    // It is told at once that the plan is too large.
    expect(noticesIn(a.frames).map((n) => n?.code)).toEqual(['doc-too-large']);

    a.doc.getMap('big').set('more', 'z');
    await settle();
    const b = fakeClient(server, 'over');
    await settle();
    expect(b.doc.getMap('big').has('more')).toBe(false);

    // Trimming: deletions alone are accepted even above the limit.
    a.doc.transact(() => {
      for (let i = 0; i < 8; i++) a.doc.getMap('big').delete(`v0-${i}`);
    });
    await settle();
    expect(b.doc.getMap('big').has('v0-0')).toBe(false);
    // Below the limit again, growth is accepted (from b: a's later structs depend on its refused one).
    b.doc.getMap('big').set('after', 'ok');
    await settle();
    expect(a.doc.getMap('big').get('after')).toBe('ok');
  });

  it('a big document is no reason to close a client as too slow (the initial sync step 2 is allowed in the buffer)', async () => {
    const store = new MemoryDocStore();
    await store.append([{ docId: 'slow', update: bigUpdate(8, 32 * KiB) }]);
    const server = make({ store, limits: { maxBufferedBytes: 64 * KiB, maxDocBytes: 1024 * KiB } });
    // A socket that never drains: its buffer holds everything ever sent.
    const socket = new FakeSocket();
    socket.bufferedAmount = () => bytesOf(socket.sent);
    server.handleConnection(socket, { docId: 'slow', userId: 'u', canWrite: true });
    socket.receive(new Uint8Array([0, 0, 1, 0])); // sync step 1 with an empty state vector
    await settle();
    expect(bytesOf(socket.sent)).toBeGreaterThan(256 * KiB);
    expect(socket.closedWith).toBeNull();
    // A small update afterwards is fine too…
    const w = fakeClient(server, 'slow');
    await settle();
    w.doc.getMap('big').set('small', 'a');
    await settle();
    expect(socket.closedWith).toBeNull();
    // …but a client that keeps not reading beyond the limit on top of the document is closed.
    for (let i = 0; i < 4; i++) w.doc.getMap('big').set(`more-${i}`, 'b'.repeat(30 * KiB));
    await settle();
    expect(socket.closedWith?.code).toBe(SyncCloseCode.SLOW_CONSUMER);
  });
});

describe('presence limits (finding 14)', () => {
  it('relays at most 2 own client ids per connection, never states of others or over 4 KiB', async () => {
    const server = make();
    const evil = fakeClient(server, 'aw', { canWrite: false });
    const honest = fakeClient(server, 'aw');
    await settle();
    const honestPresence = new Awareness(honest.doc);
    honestPresence.setLocalState({ user: { name: 'Greta' } });
    honest.socket.receive(awarenessFrame(encodeAwarenessUpdate(honestPresence, [honest.doc.clientID])));
    await settle();

    const entries: { id: number; clock: number; state: unknown }[] = Array.from({ length: 2000 }, (_, i) => ({
      id: 1_000_000 + i,
      clock: 1,
      state: { user: { name: `Erfunden ${i}`, color: '#ff0000' }, cursor: { x: i, y: i } },
    }));
    // It also tries to overwrite the honest client's state.
    entries.unshift({ id: honest.doc.clientID, clock: 99, state: { user: { name: 'Gefälscht' } } });
    const frame = awarenessFrame(rawAwareness(entries));
    expect(frame.length).toBeGreaterThan(100 * KiB);
    evil.socket.receive(frame);
    await settle();

    const joiner = fakeClient(server, 'aw');
    joiner.socket.receive(new Uint8Array([3])); // query-awareness
    await settle();
    const ids = awarenessIdsIn(joiner.frames);
    expect(ids).toEqual(new Set([honest.doc.clientID, 1_000_000, 1_000_001]));
    const relayed = bytesOf(joiner.frames.filter((f) => f[0] === 1));
    expect(relayed).toBeLessThan(4 * KiB);
    expect(server.metrics().droppedAwarenessStates).toBeGreaterThanOrEqual(1999);
    expect(evil.socket.closedWith).toBeNull();
    // The honest state was not overwritten.
    const seen = Buffer.from(joiner.frames.filter((f) => f[0] === 1).at(-1)!).toString();
    expect(seen).toContain('Greta');
    expect(seen).not.toContain('Gefälscht');

    // A state over 4 KiB of an own id is dropped too; a small one of the same id still goes through.
    const before = awarenessIdsIn(honest.frames).size;
    evil.socket.receive(awarenessFrame(rawAwareness([{ id: 1_000_000, clock: 2, state: { pad: 'p'.repeat(5000) } }])));
    await settle();
    expect(bytesOf(honest.frames.filter((f) => f[0] === 1))).toBeLessThan(8 * KiB);
    evil.socket.receive(awarenessFrame(rawAwareness([{ id: 1_000_000, clock: 3, state: { cursor: { x: 1, y: 1 } } }])));
    await settle();
    expect(awarenessIdsIn(honest.frames).size).toBeGreaterThanOrEqual(before);
  });

  it('does not let a connection overwrite or remove the state of a client id another connection owns', async () => {
    const server = make();
    const a = fakeClient(server, 'aw2');
    const b = fakeClient(server, 'aw2', { canWrite: false });
    await settle();
    a.socket.receive(awarenessFrame(rawAwareness([{ id: 42, clock: 1, state: { user: { name: 'A' } } }])));
    await settle();
    b.socket.receive(awarenessFrame(rawAwareness([{ id: 42, clock: 5, state: { user: { name: 'B' } } }])));
    b.socket.receive(awarenessFrame(rawAwareness([{ id: 42, clock: 6, state: null }])));
    await settle();
    const c = fakeClient(server, 'aw2');
    c.socket.receive(new Uint8Array([3]));
    await settle();
    const last = c.frames.filter((f) => f[0] === 1).at(-1)!;
    expect(Buffer.from(last).toString()).toContain('"name":"A"');
  });
});

describe('per-user connection cap (finding 10)', () => {
  it('knows how many connections a user has and closes one beyond the cap with 4429', async () => {
    const server = make({ limits: { maxConnectionsPerUser: 3 } });
    const conns = Array.from({ length: 3 }, (_, i) => fakeClient(server, `cap-${i}`, { userId: 'greedy' }));
    await settle();
    expect(server.connectionsOf('greedy')).toBe(3);
    expect(server.acceptsConnection('greedy')).toBe(false);
    expect(server.acceptsConnection('other')).toBe(true);
    const fourth = fakeClient(server, 'cap-4', { userId: 'greedy' });
    expect(fourth.socket.closedWith?.code).toBe(SyncCloseCode.RATE_LIMITED);
    conns[0]!.socket.drop();
    expect(server.acceptsConnection('greedy')).toBe(true);
  });
});

describe('keepalive for a lone client (finding 13)', () => {
  it("answers a lone client's awareness renewal when it has heard nothing for a while", async () => {
    const server = make({ limits: { keepaliveMs: 200, awarenessWindowMs: 0 } });
    const lone = fakeClient(server, 'lone');
    await settle();
    const presence = new Awareness(lone.doc);
    presence.setLocalState({ user: { name: 'Allein' } });
    lone.socket.receive(awarenessFrame(encodeAwarenessUpdate(presence, [lone.doc.clientID])));
    await settle();
    const heard = lone.frames.length;
    // A cursor move right away is not echoed (the echo suppression stays)…
    presence.setLocalState({ user: { name: 'Allein' }, cursor: { x: 1 } });
    lone.socket.receive(awarenessFrame(encodeAwarenessUpdate(presence, [lone.doc.clientID])));
    await settle();
    expect(lone.frames.length).toBe(heard);
    // …but the 15 s renewal after a quiet spell is answered.
    await settle(250);
    presence.setLocalState(presence.getLocalState());
    lone.socket.receive(awarenessFrame(encodeAwarenessUpdate(presence, [lone.doc.clientID])));
    await settle();
    expect(lone.frames.length).toBe(heard + 1);
  });
});

describe('settings', () => {
  it('default to an 8 MiB document and 20 connections per user, configurable, bad values refused at start', () => {
    const config = loadConfig({});
    expect(config.syncMaxDocBytes).toBe(8 * 1024 * 1024);
    expect(config.syncMaxConnectionsPerUser).toBe(20);
    expect(DEFAULT_LIMITS).toMatchObject({
      maxDocBytes: 8 * 1024 * 1024,
      maxConnectionsPerUser: 20,
      maxAwarenessIdsPerConnection: 2,
    });
    expect(DEFAULT_LIMITS.maxAwarenessStateBytes).toBe(4 * KiB);
    expect(DEFAULT_LIMITS.keepaliveMs).toBeLessThan(15_000);
    const custom = loadConfig({ SYNC_MAX_DOC_BYTES: '1048576', SYNC_MAX_SOCKETS_PER_USER: '5' });
    expect([custom.syncMaxDocBytes, custom.syncMaxConnectionsPerUser]).toEqual([1048576, 5]);
    expect(() => loadConfig({ SYNC_MAX_DOC_BYTES: 'viel', SYNC_MAX_SOCKETS_PER_USER: '0' })).toThrow(
      /SYNC_MAX_DOC_BYTES[\s\S]*SYNC_MAX_SOCKETS_PER_USER/,
    );
  });
});
