import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { createWorld, type World } from './fixtures.ts';
import { openProvider, yjsUpgradeStatus } from './sockets.ts';

describe('the Yjs websocket with bearer tokens', () => {
  let server: TestServer;
  let world: World;
  beforeAll(async () => {
    server = await startServer();
    world = await createWorld(server);
  });
  afterAll(() => server?.close());

  it("syncs the document to an owner's token but drops the owner's updates", async () => {
    const designer = await openProvider(server, world.planId, world.tokens.designer);
    designer.doc.getText('concept').insert(0, 'Klang im Leerstand');
    await expect.poll(async () => (await server.app.sync.withDoc(world.planId, (d) => d.getText('concept').toString()))).toBe('Klang im Leerstand');

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
      await expect.poll(async () => server.app.sync.withDoc(world.planId, (d) => d.getMap('meta').get('title'))).toBe('Klangraum');
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
