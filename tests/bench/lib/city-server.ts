/**
 * The pieces of `pnpm bench --city`: a generated city in a fresh database (PostgreSQL, or PGlite in a
 * throw-away DATA_DIR), the real server (`server/src/main.ts`) started on it as a child process, and
 * the CPU of that server and of the PostgreSQL backends serving its database, read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, openDatabase } from '@planner/server';
import { freshDatabase } from './backends.ts';
import { generateCity, type CitySize, type GeneratedCity } from './city-data.ts';
import { cpuSeconds } from './proc-stats.ts';
import { repoRoot } from './target.ts';

export interface PreparedCity {
  city: GeneratedCity;
  /** Environment for the server: DATABASE_URL, or DATA_DIR for the embedded PGlite. */
  env: Record<string, string>;
  backend: 'postgres' | 'embedded';
  /** PostgreSQL only: the database's name (to find its backends). */
  dbName?: string;
  dispose(): Promise<void>;
}

/** A fresh database with the city of `size` in it (migrated by the server's own migrations). */
export async function prepareCity(
  size: CitySize,
  backend: 'postgres' | 'embedded',
  log: (line: string) => void = () => {},
): Promise<PreparedCity> {
  if (backend === 'postgres') {
    const fresh = await freshDatabase();
    try {
      const db = await openDatabase({ databaseUrl: fresh.url, dataDir: '' });
      try {
        await migrate(db);
        const city = await generateCity(db, size, { log });
        await fresh.client.query('vacuum analyze');
        return { city, env: { DATABASE_URL: fresh.url }, backend, dbName: fresh.name, dispose: () => fresh.drop() };
      } finally {
        await db.close();
      }
    } catch (err) {
      await fresh.drop();
      throw err;
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planner-city-'));
  try {
    const db = await openDatabase({ dataDir: dir });
    try {
      await migrate(db);
      const city = await generateCity(db, size, { log });
      await db.exec('vacuum analyze');
      return {
        city,
        env: { DATA_DIR: dir, DATABASE_URL: '' },
        backend,
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    } finally {
      await db.close();
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

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

export interface CityServer {
  child: ChildProcess;
  pid: number;
  url: string;
  wsUrl: string;
  /** The server's internal metrics listener (METRICS_PORT): `planner_http_requests_in_flight` and the rest. */
  metricsUrl: string;
  /** Why the server is gone (exit code or signal, and the tail of its stderr); null while it runs. */
  exited(): string | null;
  stop(): Promise<void>;
}

/**
 * Starts main.ts on the prepared database (no demo data, REDIS_URL unset: the in-process bus; /metrics on
 * an internal port of its own), resolves once /api/health answers 200. With `profileDir`, the server runs under `--cpu-prof` and writes its
 * profile there when stopped.
 */
export async function startCityServer(env: Record<string, string>, profileDir?: string): Promise<CityServer> {
  const port = await freePort();
  const metricsPort = await freePort();
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries({
    ...env,
    REDIS_URL: '',
    PORT: String(port),
    HOST: '127.0.0.1',
    // The internal listener, for the harness's drain (in-flight requests) between runs.
    METRICS_PORT: String(metricsPort),
    METRICS_TOKEN: '',
    NODE_ENV: 'development',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  })) {
    if (v === '') delete merged[k];
    else merged[k] = v;
  }
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(repoRoot, 'server'),
    env: merged,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in 180 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid!,
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    exited: () =>
      child.exitCode !== null || child.signalCode !== null
        ? `exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr.trim().slice(-1500) || '(empty)'}`
        : null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** A bearer token for `email` (POST /api/auth/token). */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 201 || !body.token) throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * CPU seconds of the server process plus, on PostgreSQL, of the backends serving its database (the
 * server's pool; backends that ended within the window are not counted, the pool keeps its connections).
 */
export function cpuMeter(serverPid: number, prepared: PreparedCity, adminUrl?: string) {
  const backends = async (): Promise<Map<number, number>> => {
    const out = new Map<number, number>();
    if (!prepared.dbName || !adminUrl) return out;
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [prepared.dbName],
      );
      for (const r of rows) out.set(r.pid, cpuSeconds(r.pid));
    } finally {
      await c.end();
    }
    return out;
  };
  return {
    async start() {
      const server0 = cpuSeconds(serverPid);
      const db0 = await backends();
      return {
        async stop(): Promise<{ server: number; db: number }> {
          const server = cpuSeconds(serverPid) - server0;
          const db1 = await backends();
          let db = 0;
          for (const [pid, cpu] of db1) if (Number.isFinite(cpu)) db += cpu - (db0.get(pid) ?? 0);
          return { server, db };
        },
      };
    },
  };
}
