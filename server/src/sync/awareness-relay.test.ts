import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
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
    const server = new SyncServer({ store: new MemoryDocStore(), bus: new MemoryPubSub(new MemoryHub()) });
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
});
