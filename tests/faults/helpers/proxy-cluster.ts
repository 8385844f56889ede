/**
 * Three app instances (main.ts as child processes) behind the shipped nginx configuration
 * (tests/helpers/proxy.ts renders server/deploy/nginx.conf.template as compose does), on a private
 * redis-server and the run's PostgreSQL database, with a demo set seeded in it. Used by the proxy fault
 * tests and by `pnpm bench --rolling`.
 *
 * The instances trust X-Forwarded-For from 127.0.0.1 only, the address nginx connects from; clients
 * bind other loopback addresses (127.0.<n>.2: ip_hash keys on the first three octets) to be spread.
 */
import http from 'node:http';
import { createDemoSet, openDatabase, type DemoSet } from '@planner/server';
import { spawnServer, type ServerProcess } from '../../helpers/process.ts';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../helpers/private-redis.ts';
import { startNginx, type Nginx } from '../../helpers/proxy.ts';

export interface Cluster {
  redis: PrivateRedis;
  nginx: Nginx;
  instances: ServerProcess[];
  ports: number[];
  demo: DemoSet;
  planId: string;
  /** Bearer tokens of three accounts that may edit the plan: designer1, designer2, staff. */
  tokens: [string, string, string];
  /** The instance (index) behind an upstream address of nginx's log (`127.0.0.1:<port>`). */
  instanceOf(upstream: string): number;
  /** SIGTERM, wait for the exit (resolves with its code and how long the stop took), start again on the same port. */
  restart(i: number, onStopped?: () => void): Promise<{ code: number | null; stopMs: number; startMs: number }>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  /** SHUTDOWN_DRAIN_MS of the instances. */
  drainMs?: number;
  /** More environment for every instance. */
  env?: Record<string, string>;
  instances?: number;
}

/** The client addresses of the tests: 127.0.<n+1>.2, one /24 each (ip_hash hashes three octets). */
export const clientAddress = (n: number) => `127.0.${(n % 250) + 1}.2`;

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const count = opts.instances ?? 3;
  const redis = await startPrivateRedis();
  const cleanup: (() => Promise<unknown>)[] = [() => redis.close()];
  try {
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const proxyPort = await freePort();
    const env = (port: number) => ({
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: redis.url,
      PORT: String(port),
      NODE_ENV: 'test',
      DEMO_DATA: 'false',
      SESSION_SECRET: 'proxy-fault-secret-0123456789abcdef0123456789',
      PUBLIC_URL: `http://127.0.0.1:${proxyPort}`,
      // nginx connects from 127.0.0.1; nobody else is believed.
      TRUST_PROXY: '127.0.0.1',
      SHUTDOWN_DRAIN_MS: String(opts.drainMs ?? 1000),
      ...opts.env,
    });
    // One after another: the first runs the migrations, and a 2-core machine starts them no faster at once.
    const instances: ServerProcess[] = [];
    for (const port of ports) {
      const p = await spawnServer(env(port));
      instances.push(p);
      cleanup.push(() => instances[instances.indexOf(p)]?.kill() ?? Promise.resolve());
    }
    cleanup.push(() => Promise.all(instances.map((p) => p.kill())));
    const nginx = await startNginx(
      Object.fromEntries(ports.map((port, i) => [`app${i + 1}:3000`, `127.0.0.1:${port}`])),
      proxyPort,
    );
    cleanup.push(() => nginx.close());

    const db = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: '/nonexistent' });
    let demo: DemoSet;
    try {
      demo = await createDemoSet(db, { emailSuffix: Math.random().toString(36).slice(2, 10) });
    } finally {
      await db.close();
    }
    const token = async (email: string) => {
      const res = await fetch(`${nginx.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: demo.password }),
      });
      if (res.status !== 201) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    };
    const tokens: [string, string, string] = [
      await token(demo.users.designer1.email),
      await token(demo.users.designer2.email),
      await token(demo.users.staff.email),
    ];
    return {
      redis,
      nginx,
      instances,
      ports,
      demo,
      planId: demo.planId,
      tokens,
      instanceOf: (upstream) => ports.indexOf(Number(upstream.split(':').at(-1))),
      async restart(i, onStopped) {
        const t0 = Date.now();
        const code = await instances[i].stop('SIGTERM');
        const stopMs = Date.now() - t0;
        onStopped?.();
        const t1 = Date.now();
        instances[i] = await spawnServer(env(ports[i]));
        return { code, stopMs, startMs: Date.now() - t1 };
      },
      async close() {
        for (const fn of cleanup.reverse()) await fn().catch(() => {});
      },
    };
  } catch (err) {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
    throw err;
  }
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * One HTTP request from a chosen local address (fetch cannot bind one): JSON in, JSON (or text) out.
 */
export function httpFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = http.request(
      url,
      {
        method: init.method ?? 'GET',
        localAddress,
        agent: false,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...init.headers },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${init.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
