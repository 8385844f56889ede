import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { needs } from './backends.ts';
import { killProcess, waitForPing } from './redis-processes.ts';

/** A free TCP port on 127.0.0.1 (for private services and restarted instances). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A private `redis-server` on a free port and in its own temp folder, without persistence, for tests
 * that take Redis away (the fault suite, sign-in without Redis). Never the machine's shared Redis on
 * 6379: this one is the test's own, so it may be killed, frozen and started again.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL, an outage) and waits for it: connections drop, the port refuses. */
  stop(): Promise<void>;
  /** SIGSTOP: the process stays, its sockets stay open, and nothing answers. */
  freeze(): void;
  /** SIGCONT after {@link freeze}. */
  thaw(): void;
  /** Starts it again on the same port (empty) and waits until it answers PING. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder (test cleanup). */
  close(): Promise<void>;
}

/** Whether `redis-server` can run here; under CI=true a missing binary fails (see needs()). */
export function hasRedisServer(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  return needs(found, 'redis-server', 'apt-get install redis-server');
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'private-redis-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    const c = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    child = c;
    c.once('exit', () => {
      if (child === c) child = undefined;
    });
    await waitForPing(port, c);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c) await killProcess(c);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
