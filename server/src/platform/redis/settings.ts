/**
 * Where Redis is: one server, a Sentinel-watched master, or a Cluster. Parsed from the environment by
 * config.ts (the only reader of it); turned into ioredis clients by connect.ts.
 *
 * - `REDIS_URL=redis://[user:password@]host:port[/db]` (or `rediss://`): one server.
 * - `REDIS_URL=redis+sentinel://[[user]:password@]host1:port1,host2:port2/<masterName>`, or
 *   `REDIS_SENTINELS=host1:port1,host2:port2` with `REDIS_SENTINEL_MASTER=<masterName>`: Sentinel. The
 *   password is the master's (sentinels themselves are asked without one).
 * - `REDIS_CLUSTER_NODES=host1:port1,host2:port2,…`: Cluster (some of its nodes; the rest are found).
 *
 * `REDIS_PASSWORD` gives the password of the list forms (`REDIS_SENTINELS`, `REDIS_CLUSTER_NODES`).
 */
export interface HostPort {
  host: string;
  port: number;
}

export type RedisSettings =
  | { mode: 'single'; url: string }
  | { mode: 'sentinel'; sentinels: HostPort[]; masterName: string; username?: string; password?: string }
  | { mode: 'cluster'; nodes: HostPort[]; username?: string; password?: string };

/** The environment variables read here, as strings (already without empty values). */
export interface RedisEnv {
  REDIS_URL?: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_MASTER?: string;
  REDIS_CLUSTER_NODES?: string;
  REDIS_PASSWORD?: string;
}

/** A problem with one variable: its name and a German-first message (German / English). */
export interface RedisProblem {
  variable: keyof RedisEnv;
  message: string;
}

const HOST_PORT_HINT = 'erwartet host:port, durch Kommas getrennt / expected host:port, comma-separated';
const MASTER_NAME = /^[A-Za-z0-9._-]+$/;

/** `host:port,host:port` (IPv6 in brackets: `[::1]:6379`); null when any entry is malformed or it is empty. */
export function parseHostPorts(list: string): HostPort[] | null {
  const entries = list.split(',').map((s) => s.trim());
  const out: HostPort[] = [];
  for (const entry of entries) {
    const m = entry.match(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/);
    if (!m) return null;
    const port = Number(m[2]);
    if (port < 1 || port > 65535) return null;
    out.push({ host: m[1].replace(/^\[(.*)\]$/, '$1'), port });
  }
  return out.length ? out : null;
}

function parseSentinelUrl(url: string): RedisSettings | string {
  const m = url.match(/^redis\+sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@]+)\/([^/?#]+)\/?$/);
  if (!m) {
    return (
      'Sentinel-Adresse ungültig, erwartet redis+sentinel://[:passwort@]host1:port1,host2:port2/<master> / ' +
      'invalid Sentinel address, expected redis+sentinel://[:password@]host1:port1,host2:port2/<masterName>'
    );
  }
  const [, user, password, hosts, master] = m;
  const sentinels = parseHostPorts(hosts);
  if (!sentinels) return `Sentinels: ${HOST_PORT_HINT}`;
  const masterName = decodeURIComponent(master);
  if (!MASTER_NAME.test(masterName)) return `Name des Masters ungültig / invalid master name "${masterName}"`;
  return {
    mode: 'sentinel',
    sentinels,
    masterName,
    username: user ? decodeURIComponent(user) : undefined,
    password: password ? decodeURIComponent(password) : undefined,
  };
}

function isSingleUrl(url: string): boolean {
  if (!/^rediss?:\/\//.test(url)) return false;
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The Redis settings of the environment: undefined without any, else the settings or every problem.
 * Exactly one form may be used at a time.
 */
export function parseRedisSettings(env: RedisEnv): { settings?: RedisSettings; problems: RedisProblem[] } {
  const problems: RedisProblem[] = [];
  const forms = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter((k) => env[k] !== undefined);
  if (forms.length > 1) {
    for (const variable of forms.slice(1)) {
      problems.push({
        variable,
        message: `nur eine Redis-Angabe erlaubt, auch ${forms[0]} ist gesetzt / only one Redis setting allowed, ${forms[0]} is set too`,
      });
    }
    return { problems };
  }
  if (env.REDIS_SENTINEL_MASTER !== undefined && !env.REDIS_SENTINELS) {
    problems.push({
      variable: 'REDIS_SENTINEL_MASTER',
      message: 'nur zusammen mit REDIS_SENTINELS / only together with REDIS_SENTINELS',
    });
  }
  if (env.REDIS_PASSWORD !== undefined && !env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES) {
    problems.push({
      variable: 'REDIS_PASSWORD',
      message:
        'nur zusammen mit REDIS_SENTINELS oder REDIS_CLUSTER_NODES (bei REDIS_URL gehört das Passwort in die URL) / ' +
        'only together with REDIS_SENTINELS or REDIS_CLUSTER_NODES (with REDIS_URL the password goes into the URL)',
    });
  }
  let settings: RedisSettings | undefined;
  if (env.REDIS_URL !== undefined) {
    const url = env.REDIS_URL;
    if (url.startsWith('redis+sentinel:')) {
      const parsed = parseSentinelUrl(url);
      if (typeof parsed === 'string') problems.push({ variable: 'REDIS_URL', message: parsed });
      else settings = parsed;
    } else if (isSingleUrl(url)) settings = { mode: 'single', url };
    else {
      problems.push({
        variable: 'REDIS_URL',
        message:
          'muss mit redis://, rediss:// oder redis+sentinel:// beginnen / must start with redis://, rediss:// or redis+sentinel://',
      });
    }
  } else if (env.REDIS_SENTINELS !== undefined) {
    const sentinels = parseHostPorts(env.REDIS_SENTINELS);
    if (!sentinels) problems.push({ variable: 'REDIS_SENTINELS', message: HOST_PORT_HINT });
    const masterName = env.REDIS_SENTINEL_MASTER;
    if (masterName === undefined) {
      problems.push({
        variable: 'REDIS_SENTINEL_MASTER',
        message:
          'fehlt: der Name des Masters, den die Sentinels überwachen / missing: the name of the master the sentinels monitor',
      });
    } else if (!MASTER_NAME.test(masterName)) {
      problems.push({ variable: 'REDIS_SENTINEL_MASTER', message: 'Name des Masters ungültig / invalid master name' });
    }
    if (sentinels && masterName && MASTER_NAME.test(masterName)) {
      settings = { mode: 'sentinel', sentinels, masterName, password: env.REDIS_PASSWORD };
    }
  } else if (env.REDIS_CLUSTER_NODES !== undefined) {
    const nodes = parseHostPorts(env.REDIS_CLUSTER_NODES);
    if (!nodes) problems.push({ variable: 'REDIS_CLUSTER_NODES', message: HOST_PORT_HINT });
    else settings = { mode: 'cluster', nodes, password: env.REDIS_PASSWORD };
  }
  return problems.length ? { problems } : { settings, problems };
}

/** For logs: where Redis is, without any password. */
export function describeRedis(s: RedisSettings): string {
  const list = (hs: HostPort[]) => hs.map((h) => `${h.host}:${h.port}`).join(',');
  switch (s.mode) {
    case 'single': {
      const u = new URL(s.url);
      return `${u.protocol}//${u.host}`;
    }
    case 'sentinel':
      return `sentinel ${s.masterName}@${list(s.sentinels)}`;
    case 'cluster':
      return `cluster ${list(s.nodes)}`;
  }
}
