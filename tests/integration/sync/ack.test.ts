import { describe, expect, it } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { MESSAGE_SAVED, decodeSavedMessage } from '@planner/shared/sync-protocol';
import type { TestServer } from '../../helpers/server.ts';
import { SqlDocStore, mergeStored } from '@planner/server/sync/index';
import { freshDocId, rawConnect, testDocAuthorizer } from './helpers.ts';

const updateFrame = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

// The sync tests' authorizer instead of accounts (see helpers.ts).
// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

describe('saved acknowledgement', () => {
  let server: TestServer;
  test.beforeAll(({ server: s }) => {
    server = s;
  });

  it('only clients that asked get it, after their updates are in the database', async () => {
    const id = freshDocId();
    const stock = await rawConnect(server.wsUrl, id, 'token=w:stock');
    const asking = await rawConnect(server.wsUrl, id, 'token=w:asking&ack=1');
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('concept').insert(0, 'gesichert');
    doc.getText('concept').insert(0, '>');
    for (const u of updates) asking.send(updateFrame(u));
    const stockDoc = new Y.Doc();
    stockDoc.getMap('layout').set('x', 1);
    stock.send(updateFrame(Y.encodeStateAsUpdate(stockDoc)));

    await expect.poll(() => asking.frames.filter((f) => f[0] === MESSAGE_SAVED).length).toBeGreaterThan(0);
    const saved = decodeSavedMessage(asking.frames.filter((f) => f[0] === MESSAGE_SAVED).at(-1)!)!;
    expect(saved.savedThrough).toBe(2);
    expect(saved.stateVector.get(doc.clientID)).toBe(Y.getState(doc.store, doc.clientID));
    // Acknowledged means stored: read the database directly.
    const stored = await new SqlDocStore(server.app.db).load(id);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, mergeStored(stored.snapshot, stored.updates));
    expect(restored.getText('concept').toString()).toBe('>gesichert');

    await expect.poll(() => stock.frames.length).toBeGreaterThan(1);
    await server.app.sync.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(stock.frames.filter((f) => f[0] === MESSAGE_SAVED)).toEqual([]);
    stock.ws.close();
    asking.ws.close();
  });
});
