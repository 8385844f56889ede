import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from './fixtures.ts';
import WebSocket from 'ws';
import { openProvider, yjsUpgradeStatus } from './sockets.ts';

describe('the Yjs websocket with bearer tokens', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  it("syncs the document to an owner's token but drops the owner's updates", async () => {
    const designer = await openProvider(server, world.planId, world.tokens.designer);
    designer.doc.getText('concept').insert(0, 'Klang im Leerstand');
    await expect
      .poll(async () => await server.app.sync.withDoc(world.planId, (d) => d.getText('concept').toString()))
      .toBe('Klang im Leerstand');

    const owner = await openProvider(server, world.planId, world.tokens.owner);
    try {
      // The document reached the owner.
      expect(owner.doc.getText('concept').toString()).toBe('Klang im Leerstand');
      owner.doc.getText('concept').insert(0, 'EIGENTÜMER ');
      // A later designer edit arrives at the owner, over the same (still open) connection…
      designer.doc.getMap('meta').set('title', 'Klangraum');
      await expect.poll(() => owner.doc.getMap('meta').get('title')).toBe('Klangraum');
      expect(owner.provider.wsconnected).toBe(true);
      // …while the owner's edit reached neither the server nor the designer.
      await expect
        .poll(async () => server.app.sync.withDoc(world.planId, (d) => d.getMap('meta').get('title')))
        .toBe('Klangraum');
      expect(await server.app.sync.withDoc(world.planId, (d) => d.getText('concept').toString())).toBe('Klang im Leerstand');
      expect(designer.doc.getText('concept').toString()).toBe('Klang im Leerstand');
    } finally {
      owner.close();
      designer.close();
    }
  });

  it("refuses a non-member's token with 403 and a missing token with 401", async () => {
    expect(await yjsUpgradeStatus(server, world.planId, world.tokens.outsider)).toBe(403);
    expect(await yjsUpgradeStatus(server, world.planId, world.tokens.otherOwner)).toBe(403);
    expect(await yjsUpgradeStatus(server, world.planId)).toBe(401);
    expect(await yjsUpgradeStatus(server, world.planId, 'kq_not-a-real-token')).toBe(401);
  });
});

describe('the Yjs websocket with the session cookie', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  it('accepts the cookie from our own pages and refuses it from another site', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: world.emails.designer, password: world.password }),
    });
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const status = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.wsUrl}/yjs/${world.planId}`, { headers: { cookie, origin } });
        ws.on('open', () => {
          ws.terminate();
          resolve(101);
        });
        ws.on('unexpected-response', (_q, r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('error', () => {});
      });
    expect(await status(server.url)).toBe(101);
    expect(await status('https://evil.example')).toBe(403);
  });
});
