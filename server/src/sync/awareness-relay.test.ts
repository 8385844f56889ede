import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { MemoryHub, MemoryPubSub } from '../platform/bus/memory-pubsub.ts';
import { SyncServer } from './sync-server.ts';
import { MemoryDocStore } from './memory-doc-store.ts';
import { fakeClient } from './test-kit.ts';

const servers: SyncServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A y-websocket awareness frame (message type 1) carrying `update`. */
function awarenessFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

const awarenessFramesIn = (frames: Uint8Array[]) => frames.filter((f) => f[0] === 1).length;
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('awareness relay', () => {
  it('relays a changed state once, and not the echo a stock client sends back', async () => {
    const server = new SyncServer({
      store: new MemoryDocStore(),
      bus: new MemoryPubSub(new MemoryHub()),
      limits: { awarenessWindowMs: 0 },
    });
    servers.push(server);
    const a = fakeClient(server, 'doc-aw');
    const b = fakeClient(server, 'doc-aw');
    await settle();
    const presence = new Awareness(new Y.Doc());
    presence.setLocalState({ user: { name: 'Greta' }, cursor: { x: 1, y: 2 } });
    const update = encodeAwarenessUpdate(presence, [presence.clientID]);

    const before = awarenessFramesIn(b.frames);
    a.socket.receive(awarenessFrame(update));
    await settle();
    expect(awarenessFramesIn(b.frames)).toBe(before + 1);

    // The same update again (what a stock provider sends back when it hears it): nothing new to relay.
    a.socket.receive(awarenessFrame(update));
    b.socket.receive(awarenessFrame(update));
    await settle();
    expect(awarenessFramesIn(b.frames)).toBe(before + 1);

    // A real change goes out again.
    presence.setLocalState({ user: { name: 'Greta' }, cursor: { x: 5, y: 6 } });
    a.socket.receive(awarenessFrame(encodeAwarenessUpdate(presence, [presence.clientID])));
    await settle();
    expect(awarenessFramesIn(b.frames)).toBe(before + 2);
    expect(a.socket.closedWith).toBeNull();
  });

  it('relays the changes of many clients within one window as one frame', async () => {
    const server = new SyncServer({
      store: new MemoryDocStore(),
      bus: new MemoryPubSub(new MemoryHub()),
      limits: { awarenessWindowMs: 60 },
    });
    servers.push(server);
    const writers = Array.from({ length: 5 }, () => fakeClient(server, 'doc-window'));
    const observer = fakeClient(server, 'doc-window');
    await settle();
    const before = awarenessFramesIn(observer.frames);
    // Five clients' presence, each in its own event-loop turn (as it arrives from five sockets).
    for (const w of writers) {
      const presence = new Awareness(w.doc);
      presence.setLocalState({ user: { name: `Person ${w.doc.clientID}` } });
      w.socket.receive(awarenessFrame(encodeAwarenessUpdate(presence, [presence.clientID])));
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 150));
    expect(awarenessFramesIn(observer.frames)).toBe(before + 1);
    // That one frame carries all five states.
    const last = observer.frames.filter((f) => f[0] === 1).at(-1)!;
    const seen = new Awareness(new Y.Doc());
    const decoder = decoding.createDecoder(last);
    decoding.readVarUint(decoder);
    applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'test');
    expect(writers.every((w) => seen.getStates().has(w.doc.clientID))).toBe(true);
  });
});
