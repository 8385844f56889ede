import { afterAll, describe, expect, it } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { connect, contentOf, freshDocId, testDocAuthorizer, type Client } from './helpers.ts';

// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

// Two server instances on the run's bus: the in-process hub, or real Redis in the second pass.
describe('live sync across two instances', () => {
  let a: TestServer;
  let b: TestServer;
  const clients: Client[] = [];
  test.beforeAll(({ server, server2 }) => {
    [a, b] = [server, server2];
  });
  afterAll(async () => {
    clients.forEach((c) => {
      c.destroy();
    });
  });
  const open = (server: TestServer, docId: string, token: string) => {
    const c = connect(server.wsUrl, docId, token);
    clients.push(c);
    return c;
  };
  const same = (x: Client, y: Client) => JSON.stringify(contentOf(x.doc)) === JSON.stringify(contentOf(y.doc));

  it('clients on different instances converge', async () => {
    const id = freshDocId();
    const onA = open(a, id, 'w:alice');
    const onB = open(b, id, 'w:bob');
    await Promise.all([onA.synced, onB.synced]);
    onA.doc.getText('concept').insert(0, 'von A ');
    onB.doc.getMap('layout').set('plinth', { x: 10 });
    onB.doc.getText('concept').insert(0, 'von B ');
    await expect.poll(() => same(onA, onB)).toBe(true);
    expect(contentOf(onA.doc).map).toEqual({ plinth: { x: 10 } });
    expect(contentOf(onA.doc).text).toMatch(/von A/);
    expect(contentOf(onA.doc).text).toMatch(/von B/);
  });

  it('a client that joins instance B mid-stream of edits on A ends identical', async () => {
    const id = freshDocId();
    const writer = open(a, id, 'w:alice');
    await writer.synced;
    let n = 0;
    const push = () => writer.doc.getArray('items').push([n++]);
    for (let i = 0; i < 50; i++) push();
    // Keep editing on A while the document loads on B for the first time.
    const stream = setInterval(() => {
      for (let i = 0; i < 5; i++) push();
    }, 2);
    const late = open(b, id, 'w:bob');
    await late.synced;
    await new Promise((r) => setTimeout(r, 100));
    clearInterval(stream);
    for (let i = 0; i < 10; i++) push();
    await expect.poll(() => late.doc.getArray('items').length, { timeout: 10_000 }).toBe(n);
    expect(late.doc.getArray('items').toJSON()).toEqual(writer.doc.getArray('items').toJSON());
    expect(late.doc.getArray('items').toJSON()).toEqual([...Array(n).keys()]);
  });

  it("awareness of A's client is visible on B, and its removal too", async () => {
    const id = freshDocId();
    const onA = open(a, id, 'w:alice');
    await onA.synced;
    onA.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#c00' });
    const onB = open(b, id, 'r:owner');
    await onB.synced;
    await expect
      .poll(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.user)
      .toEqual({ name: 'Alice', color: '#c00' });
    onA.provider.awareness.setLocalStateField('cursor', { x: 3 });
    await expect.poll(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.cursor).toEqual({ x: 3 });
    onA.provider.disconnect();
    await expect.poll(() => onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false);
  });
});
