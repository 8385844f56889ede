import { afterAll, describe, expect, it } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { TestServer } from '../../helpers/server.ts';
import { connect, freshDocId, rawConnect, testDocAuthorizer, type Client } from './helpers.ts';

const frame = (...parts: (number | Uint8Array)[]) => {
  const e = encoding.createEncoder();
  for (const p of parts) {
    if (typeof p === 'number') encoding.writeVarUint(e, p);
    else encoding.writeVarUint8Array(e, p);
  }
  return encoding.toUint8Array(e);
};

// The sync tests' authorizer instead of accounts (see helpers.ts).
// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

describe('malformed and oversized frames', () => {
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

  const valid = () => {
    const d = new Y.Doc();
    d.getText('concept').insert(0, 'x'.repeat(50));
    return Y.encodeStateAsUpdate(d);
  };
  const cases: [string, () => Uint8Array, number][] = [
    ['bad varint', () => new Uint8Array([0x80, 0x80, 0x80]), 4400],
    ['unknown message type', () => frame(42, 0), 4400],
    ['unknown sync type', () => frame(0, 9, new Uint8Array([0, 0])), 4400],
    ['length past the end of the frame', () => new Uint8Array([0, 2, 50, 1, 2]), 4400],
    [
      'truncated update',
      () => {
        const u = frame(0, 2, valid());
        return u.slice(0, u.length - 20);
      },
      4400,
    ],
    ['garbage update', () => frame(0, 2, new Uint8Array([5, 200, 200, 200, 1, 7, 7, 7])), 4400],
    ['bad awareness', () => frame(1, new Uint8Array([1, 2, 3])), 4400],
    ['oversized frame (4 MiB + 1 KiB)', () => frame(0, 2, new Uint8Array(4 * 1024 * 1024 + 1024)), 4413],
  ];

  it.each(cases)('%s closes only that connection; another client keeps editing', async (_name, make, code) => {
    const id = freshDocId();
    const good = connect(server.wsUrl, id, 'w:good');
    const other = connect(server.wsUrl, id, 'w:other');
    clients.push(good, other);
    await Promise.all([good.synced, other.synced]);
    const bad = await rawConnect(server.wsUrl, id, 'token=w:bad');
    bad.send(make());
    expect((await bad.closed).code).toBe(code);
    good.doc.getArray('items').push(['after']);
    await expect.poll(() => other.doc.getArray('items').toJSON()).toEqual(['after']);
    expect(good.provider.wsconnected).toBe(true);
  });

  it('a connection exceeding the rate limit is closed with 4429, others unaffected', async () => {
    const id = freshDocId();
    const good = connect(server.wsUrl, id, 'w:good');
    clients.push(good);
    await good.synced;
    const flood = await rawConnect(server.wsUrl, id, 'token=w:flood');
    const query = frame(3);
    for (let i = 0; i < 3000; i++) flood.send(query);
    expect((await flood.closed).code).toBe(4429);
    const check = connect(server.wsUrl, id, 'r:check');
    clients.push(check);
    good.doc.getArray('items').push(['still']);
    await expect.poll(() => check.doc.getArray('items').toJSON()).toEqual(['still']);
  });
});
