/**
 * `pnpm bench --footprint` (issue 19): the memory of the embedded default as a newcomer runs it. Starts
 * the real server (`server/src/main.ts`, as `pnpm start` does) in a fresh DATA_DIR, measures the time until
 * it listens and the resident memory of the whole process tree (the server and every process it started:
 * tsx's esbuild service, a database process if there is one, PGlite's initdb process on a first start) after
 * 60 s idle, and its peak from the spawn on (sampled while it starts, then every second); then stops it and starts it
 * again on the same folder (a reopen). For the floor it also runs the same server on PostgreSQL
 * (BENCH_DATABASE_URL / DATABASE_URL, a fresh database), where the database is not ours to count.
 *
 * Options: --idle-s=N (default 60) · --variants=embedded,postgres · --repo=<checkout> (measure another
 * checkout's server, e.g. the commit before a change).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase, postgresAvailable } from './lib/backends.ts';
import { treeRss } from './lib/proc-stats.ts';
import { startRuntime } from './lib/server-runtime.ts';
import { repoRoot } from './lib/target.ts';

const log = (line: string) => console.log(`[bench footprint ${new Date().toISOString().slice(11, 19)}] ${line}`);
const MB = 1024 * 1024;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The runner's environment with `env` laid over it; an empty value removes the variable. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

interface Start {
  child: ChildProcess;
  listenMs: number;
  /** The largest total RSS of the process tree while it started (a first start's initdb runs in a child). */
  startPeak: number;
}

/** Starts main.ts with `env`; resolves once /api/health answers 200. */
let serverRepo = repoRoot;

async function start(env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const t0 = performance.now();
  // The start script's memory settings (node flags, malloc environment), as `pnpm start` runs the server.
  const runtime = startRuntime(serverRepo);
  const child = spawn(process.execPath, [...runtime.nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(serverRepo, 'server'),
    env: childEnv({ ...runtime.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  let startPeak = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    startPeak = Math.max(startPeak, treeRss(child.pid as number).total);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return { child, listenMs: performance.now() - t0, startPeak };
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 600_000) throw new Error('server did not start in 600 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

interface Measure {
  variant: string;
  phase: string;
  listenMs: number;
  idleMB: number;
  serverMB: number;
  peakMB: number;
  processes: number;
}

/** Starts, samples every second for `idleS` seconds, reports the last sample and the peak. */
async function measure(variant: string, phase: string, env: Record<string, string>, idleS: number): Promise<Measure> {
  const { child, listenMs, startPeak } = await start(env);
  let peak = startPeak;
  let last = { total: 0, root: 0, processes: 0 };
  try {
    for (let i = 0; i < idleS; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      last = treeRss(child.pid as number);
      peak = Math.max(peak, last.total);
    }
    const hwm = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)?.[1] ?? 0) * 1024;
    peak = Math.max(peak, hwm);
  } finally {
    await stop(child);
  }
  const m = {
    variant,
    phase,
    listenMs: Math.round(listenMs),
    idleMB: Math.round(last.total / MB),
    serverMB: Math.round(last.root / MB),
    peakMB: Math.round(peak / MB),
    processes: last.processes,
  };
  log(
    `${variant} ${phase}: listening after ${m.listenMs} ms, ${m.idleMB} MB after ${idleS} s idle (server ${m.serverMB} MB), peak ${m.peakMB} MB`,
  );
  return m;
}

export async function runFootprintBench(args: string[]): Promise<void> {
  const idleS = Number(args.find((a) => a.startsWith('--idle-s='))?.split('=')[1] ?? 60);
  const variants = (args.find((a) => a.startsWith('--variants='))?.split('=')[1] ?? 'embedded,postgres').split(',');
  serverRepo = path.resolve(args.find((a) => a.startsWith('--repo='))?.slice(7) ?? repoRoot);
  const rows: Measure[] = [];
  const runtime = startRuntime(serverRepo);
  log(
    `server from ${serverRepo}; start script's settings: ${[...Object.entries(runtime.env).map(([k, v]) => `${k}=${v}`), ...runtime.nodeArgs].join(' ') || 'none'}`,
  );
  log(
    `idle ${idleS} s; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (variants.includes('embedded')) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'footprint-'));
    try {
      const env = { DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' };
      rows.push(await measure('embedded (PGlite)', 'first start', env, idleS));
      rows.push(await measure('embedded (PGlite)', 'reopen', env, idleS));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (variants.includes('postgres')) {
    const problem = await postgresAvailable();
    if (problem) log(`postgres: ${problem}`);
    else {
      const db = await freshDatabase();
      try {
        rows.push(await measure('PostgreSQL (server only)', 'first start', { DATABASE_URL: db.url, REDIS_URL: '' }, idleS));
      } finally {
        await db.drop();
      }
    }
  }
  console.log(
    [
      '',
      `Footprint (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, idle ${idleS} s, load at start ${os.loadavg()[0].toFixed(2)}):`,
      '',
      '| variant | start | listening after | total RSS idle | of it the server process | peak (whole tree, from the spawn) | processes |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.variant} | ${r.phase} | ${(r.listenMs / 1000).toFixed(1)} s | ${r.idleMB} MB | ${r.serverMB} MB | ${r.peakMB} MB | ${r.processes} |`,
      ),
      '',
    ].join('\n'),
  );
}
