import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * Small pieces the private Redis helpers share: PING over a raw socket (no client library, so a
 * half-started server cannot leave a reconnecting client behind) and `redis-cli` runs.
 */
export function pingPort(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.write('PING\r\n');
  });
}

/** Waits until the server on `port` answers PING; fails early when `child` exits. */
export async function waitForPing(port: number, child?: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await pingPort(port))) {
    if (child && child.exitCode !== null) throw new Error(`redis on port ${port} exited with ${child.exitCode}`);
    if (Date.now() > until) throw new Error(`redis on port ${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** SIGKILLs `c` (unless it already ended) and waits for its exit. */
export async function killProcess(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await exited;
}

/** Runs `redis-cli` with these arguments; its exit code and everything it printed. */
export function redisCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn('redis-cli', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    c.stdout.on('data', (d) => (output += d));
    c.stderr.on('data', (d) => (output += d));
    c.once('error', reject);
    c.once('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}
