import { spawn, type ChildProcess } from 'node:child_process';
import { startRuntime } from './server-runtime.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, sampleMemory } from './proc-stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

/** The servers under test. `ours` is this project; the two others are the peers. */
export type TargetName = 'ours' | 'ywss' | 'hocuspocus';
export const TARGET_LABEL: Record<TargetName, string> = {
  ours: 'ours',
  ywss: '@y/websocket-server 0.1.1',
  hocuspocus: 'Hocuspocus 4',
};
/** Which wire protocol a target speaks. */
export type Protocol = 'y-websocket' | 'hocuspocus';
export const PROTOCOL: Record<TargetName, Protocol> = { ours: 'y-websocket', ywss: 'y-websocket', hocuspocus: 'hocuspocus' };

export interface RunningTarget {
  name: TargetName;
  pid: number;
  port: number;
  /** Base websocket URL; a document's URL is {@link docUrl}. */
  wsBase: string;
  output(): string;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** The websocket URL a client of `target` opens for document `doc`. Hocuspocus names the document in every frame. */
export function docUrl(target: TargetName, wsBase: string, doc: string): string {
  if (target === 'ours') return `${wsBase}/yjs/${encodeURIComponent(doc)}`;
  if (target === 'ywss') return `${wsBase}/${encodeURIComponent(doc)}`;
  return wsBase;
}

/**
 * Starts a server under test as its own process on a free loopback port (it binds port 0 and prints
 * `BENCH_LISTENING <port>`). Ours gets a throw-away DATA_DIR unless DATABASE_URL or DATA_DIR is given
 * (a given DATA_DIR is kept: the soak restarts the server on it).
 */
/** When set, the next targets of these names run under `--cpu-prof` writing into this folder. */
export const profiling: { dir?: string; only?: TargetName[] } = {};

export async function startTarget(
  name: TargetName,
  env: Record<string, string | undefined> = {},
  // BENCH_START_TIMEOUT_MS: more time to start on a machine shared with many other runs.
  timeoutMs = Number(process.env.BENCH_START_TIMEOUT_MS ?? 90_000),
): Promise<RunningTarget> {
  // On a busy machine opening the embedded PGlite can exceed Fastify's 10 s plugin timeout; that is
  // start-up, not what is measured, so try again (twice at most) before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(name, env, timeoutMs);
    } catch (err) {
      if (attempt >= 3 || !/did not start in time/.test((err as Error).message)) throw err;
      startRetries++;
    }
  }
}

/** How often a server had to be started again because a plugin timed out (reported with the run). */
export let startRetries = 0;

async function startOnce(name: TargetName, env: Record<string, string | undefined>, timeoutMs: number): Promise<RunningTarget> {
  const entry = path.join(here, '../targets', `${name === 'ywss' ? 'ywss' : name}-server.ts`);
  let dataDir: string | undefined;
  if (name === 'ours' && !env.DATABASE_URL && !env.DATA_DIR) dataDir = mkdtempSync(path.join(os.tmpdir(), 'planner-bench-'));
  const prof =
    profiling.dir && (!profiling.only || profiling.only.includes(name)) ? ['--cpu-prof', `--cpu-prof-dir=${profiling.dir}`] : [];
  // Ours runs with the memory settings of its start script, as `pnpm start` runs it (issue 19).
  const runtime = name === 'ours' ? startRuntime(repoRoot) : { env: {}, nodeArgs: [] };
  const child: ChildProcess = spawn(process.execPath, [...prof, ...runtime.nodeArgs, '--import', 'tsx', entry], {
    cwd: repoRoot,
    env: {
      ...runtime.env,
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: name === 'hocuspocus' ? 'testing' : undefined,
      PORT: '0',
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const m = out.match(/BENCH_LISTENING (\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening:\n${out}`));
    });
  });
  const pid = child.pid!;
  return {
    name,
    pid,
    port,
    wsBase: `ws://127.0.0.1:${port}`,
    output: () => out,
    cpuSeconds: () => cpuSeconds(pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(t);
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds and peak memory of a target over one measured window. */
export function measureTarget(t: RunningTarget) {
  const cpu0 = t.cpuSeconds();
  const mem = sampleMemory(t.pid);
  return {
    stop() {
      const { peakRss, hwm } = mem.stop();
      return { cpuSeconds: t.cpuSeconds() - cpu0, peakRss, hwm };
    },
  };
}
