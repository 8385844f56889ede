import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { MemoryPubSub } from '@planner/server';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { spawnServer } from '../../helpers/process.ts';
import { connectRecorder, upgradeStatus, yjsUpgradeStatus, type Recorder } from '../../helpers/sockets.ts';
import { openSyncedDoc, type DocClient } from '../../helpers/yjs.ts';
import { createWorld, type World } from '../accounts/fixtures.ts';

/**
 * Graceful stop for rolling restarts (issue 21): on SIGTERM an instance drains (health 503 "draining",
 * new websocket upgrades refused with 503, everything else still served) for SHUTDOWN_DRAIN_MS, then
 * writes pending updates, closes its Yjs websockets with 1001 and socket.io's transports so that clients
 * reconnect by themselves (to another instance, behind a proxy), and exits 0.
 */

/** The status a socket.io websocket handshake gets (101 when upgraded). */
const socketIoUpgradeStatus = (server: TestServer) => upgradeStatus(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);

const health = async (url: string) => {
  const res = await fetch(`${url}/api/health`);
  return { status: res.status, body: (await res.json()) as { status: string } };
};

describe('graceful stop (rolling restarts)', () => {
  let server: TestServer;
  let world: World;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    server = await startServer();
    world = await createWorld(server);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await server?.close();
  });

  it('while draining: health answers 503 "draining", new /yjs and /socket.io upgrades 503; open sockets and the API keep working', async () => {
    const editor = await openSyncedDoc(server.wsUrl, world.planId, { token: world.tokens.designer });
    const watcher = await openSyncedDoc(server.wsUrl, world.planId, { token: world.tokens.staff });
    const recorder = await connectRecorder(server, world.tokens.staff);
    open.push(editor, watcher, recorder);
    expect(await yjsUpgradeStatus(server, world.planId, world.tokens.designer)).toBe(101);
    expect(await socketIoUpgradeStatus(server)).toBe(101);
    expect((await health(server.url)).status).toBe(200);

    server.app.drain.begin();

    const h = await health(server.url);
    expect(h.status).toBe(503);
    expect(h.body.status).toBe('draining');
    expect(await yjsUpgradeStatus(server, world.planId, world.tokens.designer)).toBe(503);
    expect(await socketIoUpgradeStatus(server)).toBe(503);
    // What is open keeps working: an edit still reaches the other client, the API still answers.
    editor.doc.getArray<string>('drain').push(['während des Drainens']);
    await expect.poll(() => watcher.doc.getArray<string>('drain').toArray()).toEqual(['während des Drainens']);
    expect(recorder.socket.connected).toBe(true);
    const me = await fetch(`${server.url}/api/auth/session`, { headers: { authorization: `Bearer ${world.tokens.designer}` } });
    expect(me.status).toBe(200);
  });
});

describe('graceful stop: the close after draining', () => {
  it('writes pending edits, closes Yjs websockets with 1001 and socket.io transports so that clients reconnect by themselves', async () => {
    const server = await startServer();
    let editor: DocClient | undefined;
    let recorder: Recorder | undefined;
    try {
      const world = await createWorld(server);
      editor = await openSyncedDoc(server.wsUrl, world.planId, { token: world.tokens.designer, ack: true });
      recorder = await connectRecorder(server, world.tokens.designer, { reconnection: true });
      await recorder.join(world.planId);
      const closes: number[] = [];
      editor.provider.on('connection-close', (e: { code?: number } | null) => closes.push(e?.code ?? 0));
      let reason = '';
      recorder.socket.on('disconnect', (r: string) => (reason = r));

      // Edits right before the stop, not yet acknowledged: the close writes them.
      const items = editor.doc.getArray<string>('closing');
      for (let i = 0; i < 50; i++) items.push([`vor dem Stopp ${i}`]);
      const onServer = async () => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, await server.app.sync.getDocState(world.planId));
        return doc.getArray<string>('closing').length;
      };
      await expect.poll(onServer, { interval: 5 }).toBe(50);
      await server.close();

      await expect.poll(() => closes.length).toBeGreaterThan(0);
      expect(closes[0]).toBe(1001);
      await expect.poll(() => reason).not.toBe('');
      // "io server disconnect" would leave the client disconnected for good; a transport close makes it
      // reconnect (behind a proxy, to another instance).
      expect(reason).toBe('transport close');
      expect(recorder.socket.active).toBe(true);

      const fresh = await startServer({ bus: new MemoryPubSub() });
      try {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, await fresh.app.sync.getDocState(world.planId));
        expect(doc.getArray<string>('closing').length).toBe(50);
      } finally {
        await fresh.close();
      }
    } finally {
      editor?.close();
      recorder?.close();
      await server.close();
    }
  });

  it('main.ts on SIGTERM: drains for SHUTDOWN_DRAIN_MS (health 503), then exits 0', { timeout: 90_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'planner-shutdown-'));
    try {
      const proc = await spawnServer({ DATA_DIR: dataDir, PORT: '0', DEMO_DATA: 'false', SHUTDOWN_DRAIN_MS: '3000' });
      expect((await health(proc.url)).status).toBe(200);
      const exited = proc.stop('SIGTERM');
      const sentAt = Date.now();
      await expect.poll(async () => (await health(proc.url)).body.status, { timeout: 2000, interval: 50 }).toBe('draining');
      expect(await exited).toBe(0);
      // It drained before it stopped listening.
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(2900);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
