import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { DATABASE_URL, REDIS_URL } from '../../helpers/backends.ts';
import { spawnServer, type ServerProcess } from '../../helpers/process.ts';
import { connect, freshDocId, type Client } from './helpers.ts';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../helpers/sync-server-process.ts');

/** The sync-test server entry as its own process, with the run's backends. */
const start = (env: Record<string, string | undefined>): Promise<ServerProcess> =>
  spawnServer({ DATABASE_URL, REDIS_URL, ...env }, { entry, ready: /SYNC_SERVER_LISTENING (\d+)/ });

/**
 * Edits until the server acknowledged some of them as saved, then returns the values of the
 * acknowledged edits (the client's clock after each push tells which ones the acknowledgement covers).
 */
async function editUntilAcknowledged(client: Client, prefix: string): Promise<string[]> {
  const pushed: { value: string; clock: number }[] = [];
  const items = client.doc.getArray<string>('items');
  let i = 0;
  const timer = setInterval(() => {
    const value = `${prefix}-${i++}`;
    items.push([value]);
    pushed.push({ value, clock: Y.getState(client.doc.store, client.doc.clientID) });
  }, 3);
  await expect.poll(() => client.saved.clock, { timeout: 10_000 }).toBeGreaterThan(20);
  clearInterval(timer);
  const acked = client.saved.clock;
  return pushed.filter((p) => p.clock <= acked).map((p) => p.value);
}

describe('restart keeps every edit acknowledged as saved', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  it('after a graceful stop and after kill -9, reconnecting clients find every acknowledged edit', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'planner-sync-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { DATA_DIR: dataDir, PORT: '0' };
    let proc = await start(env);
    cleanup.push(() => proc.kill());
    const id = freshDocId('restart');
    const writer = connect(`ws://127.0.0.1:${proc.port}`, id, 'w:designer', { ack: true });
    cleanup.push(async () => writer.destroy());
    await writer.synced;

    // 1) graceful: SIGTERM flushes pending updates before exit.
    const beforeStop = await editUntilAcknowledged(writer, 'g');
    expect(await proc.stop()).toBe(0);
    const graceful = writer.doc.getArray<string>('items').toJSON();
    proc = await start({ ...env, PORT: String(proc.port) });
    const reader1 = connect(`ws://127.0.0.1:${proc.port}`, id, 'r:check');
    cleanup.push(async () => reader1.destroy());
    await reader1.synced;
    // A graceful stop loses nothing at all, acknowledged or not.
    await expect.poll(() => reader1.doc.getArray('items').length).toBeGreaterThanOrEqual(graceful.length);
    expect(reader1.doc.getArray('items').toJSON()).toEqual(expect.arrayContaining([...graceful, ...beforeStop]));

    // 2) kill -9: nothing can be flushed; what was acknowledged must be there.
    await expect.poll(() => writer.provider.synced, { timeout: 10_000 }).toBe(true);
    const beforeKill = await editUntilAcknowledged(writer, 'k');
    await proc.kill();
    proc = await start({ ...env, PORT: String(proc.port) });
    const reader2 = connect(`ws://127.0.0.1:${proc.port}`, id, 'r:check');
    cleanup.push(async () => reader2.destroy());
    await reader2.synced;
    const after = reader2.doc.getArray<string>('items').toJSON();
    expect(after).toEqual(expect.arrayContaining([...beforeStop, ...beforeKill]));
    expect(beforeKill.length).toBeGreaterThan(0);
    // The writer reconnects by itself and everything converges again.
    await expect.poll(() => reader2.doc.getArray('items').length, { timeout: 10_000 }).toBe(writer.doc.getArray('items').length);
    await proc.stop();
  }, 90_000);
});
