import { afterAll, describe, expect, it } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { TestServer } from '../../helpers/server.ts';
import { SqlDocStore, mergeStored } from '@planner/server/sync/index';
import { connect, contentOf, freshDocId, rawConnect, testDocAuthorizer, type Client } from './helpers.ts';

const updateFrame = (syncType: number, update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

// The sync tests' authorizer instead of accounts (see helpers.ts).
// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

describe('read-only connections', () => {
  let server: TestServer;
  const clients: Client[] = [];
  test.beforeAll(({ server: s }) => {
    server = s;
  });
  afterAll(async () => {
    clients.forEach((c) => {
      c.destroy();
    });
  });

  it('drop crafted updates (stored and served document unchanged, counter increased) and stay open with doc and awareness', async () => {
    const id = freshDocId();
    const writer = connect(server.wsUrl, id, 'w:designer');
    clients.push(writer);
    await writer.synced;
    writer.doc.getText('concept').insert(0, 'Original');
    await server.app.sync.flush();
    await expect.poll(async () => contentOf(await served(id)).text).toBe('Original');

    const before = server.app.sync.metrics().droppedReadOnlyMessages;
    const owner = await rawConnect(server.wsUrl, id, 'token=r:owner');
    // The owner gets the document like anyone: its sync step 1 is answered with step 2.
    owner.send(new Uint8Array([0, 0, 1, 0]));
    await expect
      .poll(() => owner.frames.some((f) => f[0] === 0 && f[1] === 1 && Buffer.from(f).includes(Buffer.from('Original'))))
      .toBe(true);
    const evil = new Y.Doc();
    evil.getText('concept').insert(0, 'GEHACKT ');
    evil.getMap('layout').set('x', 1);
    owner.send(updateFrame(2, Y.encodeStateAsUpdate(evil))); // update
    owner.send(updateFrame(1, Y.encodeStateAsUpdate(evil))); // sync step 2
    await expect.poll(() => server.app.sync.metrics().droppedReadOnlyMessages).toBe(before + 2);

    // The connection is still open and still receives edits of writers.
    const received = owner.frames.length;
    writer.doc.getText('concept').insert(8, ' bleibt');
    await expect.poll(() => owner.frames.length).toBeGreaterThan(received);
    expect(owner.ws.readyState).toBe(owner.ws.OPEN);

    await server.app.sync.flush();
    const live = await served(id);
    expect(contentOf(live)).toEqual({ text: 'Original bleibt', items: [], map: {} });
    const stored = await new SqlDocStore(server.app.db).load(id);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, mergeStored(stored.snapshot, stored.updates));
    expect(contentOf(restored)).toEqual({ text: 'Original bleibt', items: [], map: {} });
    expect(contentOf(writer.doc).text).toBe('Original bleibt');
    owner.ws.close();
  });

  it('a stock client with read access sees edits and presence, its own edits never reach others', async () => {
    const id = freshDocId();
    const writer = connect(server.wsUrl, id, 'w:designer');
    const reader = connect(server.wsUrl, id, 'r:owner');
    clients.push(writer, reader);
    await Promise.all([writer.synced, reader.synced]);
    writer.doc.getMap('layout').set('table', 'T1');
    reader.provider.awareness.setLocalStateField('user', { name: 'Eigentümerin' });
    await expect.poll(() => reader.doc.getMap('layout').get('table')).toBe('T1');
    await expect
      .poll(() => writer.provider.awareness.getStates().get(reader.doc.clientID)?.user)
      .toEqual({ name: 'Eigentümerin' });
    // An honest read-only client is never asked for its state, so nothing of it is dropped.
    const dropsBefore = server.app.sync.metrics().droppedReadOnlyMessages;
    reader.doc.getMap('layout').set('table', 'owner-was-here');
    writer.doc.getMap('layout').set('after', true);
    await expect.poll(() => reader.doc.getMap('layout').get('after')).toBe(true);
    expect(writer.doc.getMap('layout').get('table')).toBe('T1');
    // Its own local edit was sent as an update and dropped.
    await expect.poll(() => server.app.sync.metrics().droppedReadOnlyMessages).toBe(dropsBefore + 1);
  });

  it('setAccess downgrades in place and revokes with close code 4403', async () => {
    const id = freshDocId();
    const raw = await rawConnect(server.wsUrl, id, 'token=w:mia');
    await expect.poll(() => raw.frames.length).toBeGreaterThan(0);
    expect(server.app.sync.setAccess(id, 'mia', 'read')).toBe(1);
    const before = server.app.sync.metrics().droppedReadOnlyMessages;
    const d = new Y.Doc();
    d.getMap('layout').set('k', 1);
    raw.send(updateFrame(2, Y.encodeStateAsUpdate(d)));
    await expect.poll(() => server.app.sync.metrics().droppedReadOnlyMessages).toBe(before + 1);
    // Granted again: the server asks for the client's state (sync step 1) and accepts its updates.
    const framesBefore = raw.frames.length;
    server.app.sync.setAccess(id, 'mia', 'write');
    await expect.poll(() => raw.frames.slice(framesBefore).some((f) => f[0] === 0 && f[1] === 0)).toBe(true);
    raw.send(updateFrame(2, Y.encodeStateAsUpdate(d)));
    await expect.poll(async () => (await served(id)).getMap('layout').get('k')).toBe(1);
    expect(server.app.sync.setAccess(id, 'mia', 'none')).toBe(1);
    expect((await raw.closed).code).toBe(4403);
  });

  async function served(id: string) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await server.app.sync.getDocState(id));
    return doc;
  }
});
