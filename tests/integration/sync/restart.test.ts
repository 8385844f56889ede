import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { DATABASE_URL, REDIS_URL } from '../../helpers/backends.ts';
import { connect, freshDocId, type Client } from './helpers.ts';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../helpers/sync-server-process.ts');

interface Proc {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

async function start(env: Record<string, string | undefined>): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH, DATABASE_URL, REDIS_URL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /SYNC_SERVER_LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  return { child, port, exited };
}

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
    cleanup.push(async () => proc.child.kill('SIGKILL'));
    const id = freshDocId('restart');
    const writer = connect(`ws://127.0.0.1:${proc.port}`, id, 'w:designer', { ack: true });
    cleanup.push(async () => writer.destroy());
    await writer.synced;

    // 1) graceful: SIGTERM flushes pending updates before exit.
    const beforeStop = await editUntilAcknowledged(writer, 'g');
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
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
    proc.child.kill('SIGKILL');
    await proc.exited;
    proc = await start({ ...env, PORT: String(proc.port) });
    const reader2 = connect(`ws://127.0.0.1:${proc.port}`, id, 'r:check');
    cleanup.push(async () => reader2.destroy());
    await reader2.synced;
    const after = reader2.doc.getArray<string>('items').toJSON();
    expect(after).toEqual(expect.arrayContaining([...beforeStop, ...beforeKill]));
    expect(beforeKill.length).toBeGreaterThan(0);
    // The writer reconnects by itself and everything converges again.
    await expect
      .poll(() => reader2.doc.getArray('items').length, { timeout: 10_000 })
      .toBe(writer.doc.getArray('items').length);
    proc.child.kill('SIGTERM');
    await proc.exited;
  }, 90_000);
});
