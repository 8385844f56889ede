/**
 * The shipped reverse proxy in tests: Debian's nginx (`/usr/sbin/nginx`) running the repository's
 * `server/deploy/nginx.conf.template`, rendered as nginx's official image renders it for
 * docker-compose.yml (envsubst of the variables that are set), with compose's own upstream server lines
 * and only their addresses replaced (`app1:3000` → `127.0.0.1:<port>`). To run without root and
 * without touching the machine's nginx, a wrapper configuration in a temp folder holds what the image's
 * main nginx.conf holds (pid, logs, temp paths, events) and `include`s the rendered server block; the
 * only change inside the block is its `listen 80;`, which becomes a free port on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { needs } from './backends.ts';
import { freePort } from './private-redis.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NGINX = '/usr/sbin/nginx';
export const TEMPLATE_PATH = path.join(root, 'server/deploy/nginx.conf.template');

/** Whether Debian's nginx is installed; under CI=true a missing one fails (see needs()). */
export function hasNginx(): boolean {
  return needs(existsSync(NGINX), 'nginx', 'apt-get install -y nginx (.ci/run installs it)');
}

/** The proxy service of docker-compose.yml (merge keys resolved). */
export function composeProxy(): { environment: Record<string, string>; volumes: string[] } {
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment: Record<string, string>; volumes: string[] }>;
  };
  return compose.services.proxy;
}

/**
 * envsubst as the official image's entrypoint runs it: `${NAME}` and `$NAME` of the given (= set)
 * variables are replaced, everything else (nginx's own `$host`, `$http_upgrade` …) stays.
 */
export function envsubst(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const name = (braced ?? bare)!;
    return Object.hasOwn(vars, name) ? vars[name] : whole;
  });
}

/**
 * The server block as the compose proxy runs it, with each compose address (`app1:3000`, …) replaced by
 * the address given for it. Every address compose names must be given, and no other.
 */
export function renderServerBlock(addresses: Record<string, string>): string {
  const env = composeProxy().environment;
  let servers = env.PLANNER_UPSTREAM_SERVERS;
  const named = [...servers.matchAll(/server\s+(\S+?)[\s;]/g)].map((m) => m[1]);
  if (named.sort().join() !== Object.keys(addresses).sort().join())
    throw new Error(`compose names the upstreams ${named.join(', ')}, the test gave ${Object.keys(addresses).join(', ')}`);
  for (const [from, to] of Object.entries(addresses)) servers = servers.replace(`server ${from}`, `server ${to}`);
  return envsubst(readFileSync(TEMPLATE_PATH, 'utf8'), { ...env, PLANNER_UPSTREAM_SERVERS: servers });
}

export interface AccessLine {
  /** The client address nginx saw. */
  client: string;
  method: string;
  uri: string;
  status: number;
  /** The instances nginx tried, in order (`127.0.0.1:p1, 127.0.0.1:p2` when it passed the request on). */
  upstreams: string[];
  upstreamStatus: string;
}

export interface Nginx {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  wsUrl: string;
  dir: string;
  child: ChildProcess;
  /** Lines of the access log so far (a websocket's line is written when it closes). */
  accessLog(): AccessLine[];
  errorLog(): string;
  close(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts nginx with the rendered template in front of `upstreams` (compose address → `host:port`, e.g.
 * `{ 'app1:3000': '127.0.0.1:41001', … }`) on `port` (default: a free one) of 127.0.0.1.
 */
export async function startNginx(upstreams: Record<string, string>, port?: number): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'planner-nginx-'));
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, 'tmp', t), { recursive: true });
  port ??= await freePort();
  const block = renderServerBlock(upstreams);
  if (!/^\s*listen 80;$/m.test(block)) throw new Error('the template no longer has "listen 80;": update tests/helpers/proxy.ts');
  writeFileSync(path.join(dir, 'server.conf'), block.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`));
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      // What the image's /etc/nginx/nginx.conf holds around conf.d/, with paths in our folder.
      'daemon off;',
      'worker_processes 1;',
      // As root the workers would switch to `nobody`, who cannot write our temp folder.
      ...(asRoot ? ['user root;'] : []),
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 4096; }',
      'http {',
      "  log_format upstreams '$remote_addr|$request_method|$uri|$status|$upstream_addr|$upstream_status';",
      `  access_log ${dir}/access.log upstreams;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t}_temp_path ${dir}/tmp/${t === 'client_body' ? 'body' : t};`,
      ),
      `  include ${dir}/server.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readLog = (name: string) => (existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), 'utf8') : '');
  const until = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start on ${port}: ${out}\n${readLog('error.log')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    dir,
    child,
    accessLog: () =>
      readLog('access.log')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [client, method, uri, status, upstreams, upstreamStatus] = line.split('|');
          return {
            client,
            method,
            uri,
            status: Number(status),
            upstreams: upstreams === '-' ? [] : upstreams.split(/,\s*|\s+:\s+/).filter(Boolean),
            upstreamStatus,
          };
        }),
    errorLog: () => readLog('error.log'),
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
