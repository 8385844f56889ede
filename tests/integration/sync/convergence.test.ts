import { afterAll, describe, expect, it } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import * as Y from 'yjs';
import type { TestServer } from '../../helpers/server.ts';
import { connect, contentOf, freshDocId, testDocAuthorizer, upgradeStatus, type Client } from './helpers.ts';
import { SqlDocStore, mergeStored } from '@planner/server/sync/index';

// The sync tests' authorizer instead of accounts (see helpers.ts).
// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

describe('live sync on one instance (stock y-websocket clients)', () => {
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
  const open = (docId: string, token: string) => {
    const c = connect(server.wsUrl, docId, token);
    clients.push(c);
    return c;
  };

  it('refuses upgrades before upgrading: 401 without token, 403 for a bad one, 404 for unknown documents and paths', async () => {
    const id = freshDocId();
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}`)).toBe(401);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}?token=nope`)).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/yjs/missing-${id}?token=w:u1`)).toBe(404);
    expect(await upgradeStatus(server.wsUrl, `/yjs/a/b?token=w:u1`)).toBe(404);
  });

  it('two clients converge, and the stored document equals what they see', async () => {
    const id = freshDocId();
    const a = open(id, 'w:alice');
    const b = open(id, 'w:bob');
    await Promise.all([a.synced, b.synced]);
    a.doc.getText('concept').insert(0, 'Schaufenster ');
    b.doc.getMap('layout').set('wall-1', 'partition');
    b.doc.getText('concept').insert(0, 'Ausstellung: ');
    await expect.poll(() => JSON.stringify(contentOf(a.doc)) === JSON.stringify(contentOf(b.doc))).toBe(true);
    expect(contentOf(a.doc).map).toEqual({ 'wall-1': 'partition' });
    expect(contentOf(a.doc).text).toContain('Schaufenster');
    expect(contentOf(a.doc).text).toContain('Ausstellung');
    // What the server holds and what it stored match the clients.
    const served = new Y.Doc();
    Y.applyUpdate(served, await server.app.sync.getDocState(id));
    expect(contentOf(served)).toEqual(contentOf(a.doc));
    await server.app.sync.flush();
    const stored = await new SqlDocStore(server.app.db).load(id);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, mergeStored(stored.snapshot, stored.updates));
    expect(contentOf(restored)).toEqual(contentOf(a.doc));
  });

  it('20 clients making random concurrent edits converge to identical state', async () => {
    const id = freshDocId();
    // Every stock provider adds a process 'exit' listener; 20 of them are expected here.
    process.setMaxListeners(Math.max(process.getMaxListeners(), 40));
    const many = Array.from({ length: 20 }, (_, i) => open(id, `w:user${i}`));
    await Promise.all(many.map((c) => c.synced));
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 15; round++) {
      for (const [i, c] of many.entries()) {
        const kind = rnd(3);
        const text = c.doc.getText('concept');
        if (kind === 0) text.insert(rnd(text.length + 1), `${i}.${round} `);
        else if (kind === 1 && text.length > 3) text.delete(rnd(text.length - 2), 2);
        else c.doc.getMap('layout').set(`item${rnd(5)}`, { by: i, round });
        c.doc.getArray('items').push([`${i}:${round}`]);
      }
      await new Promise((r) => setTimeout(r, rnd(15)));
    }
    const expected = () => JSON.stringify(contentOf(many[0].doc));
    await expect.poll(() => new Set(many.map((c) => JSON.stringify(contentOf(c.doc)))).size, { timeout: 15_000 }).toBe(1);
    expect(many[0].doc.getArray('items').length).toBe(20 * 15);
    const served = new Y.Doc();
    Y.applyUpdate(served, await server.app.sync.getDocState(id));
    expect(JSON.stringify(contentOf(served))).toBe(expected());
  });

  it('reports metrics and lets server-side writes (origin server) reach clients', async () => {
    const id = freshDocId();
    const a = open(id, 'w:alice');
    await a.synced;
    const origins: string[] = [];
    const off = server.app.sync.onUpdate((docId, _u, origin) => docId === id && origins.push(origin.kind));
    await server.app.sync.transact(id, (doc) => doc.getMap('layout').set('from-server', true));
    await expect.poll(() => a.doc.getMap('layout').get('from-server')).toBe(true);
    a.doc.getMap('layout').set('from-client', 1);
    await expect.poll(() => origins).toEqual(['server', 'client']);
    off();
    const m = server.app.sync.metrics();
    expect(m.connections).toBeGreaterThanOrEqual(1);
    expect(m.openDocs).toBeGreaterThanOrEqual(1);
  });
});
