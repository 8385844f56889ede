import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { needs } from './backends.ts';
import { freePort } from './private-redis.ts';
import { killProcess, redisCli, waitForPing } from './redis-processes.ts';

/**
 * A private Redis Cluster of three masters (no replicas) on free ports, each in its own temp folder,
 * without persistence. `REDIS_CLUSTER_NODES` for the app is {@link nodes}.
 */
export interface PrivateRedisCluster {
  ports: number[];
  /** `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3` */
  nodes: string;
  /** Kills the node on `port` (SIGKILL): its slots are unserved until it is back. */
  killNode(port: number): Promise<void>;
  /** Starts the killed node again (same folder, so it keeps its id and slots) and waits for cluster_state:ok. */
  restartNode(port: number): Promise<void>;
  /** Kills every node and removes the folder. */
  close(): Promise<void>;
}

/** Whether `redis-server` and `redis-cli` can run here; under CI=true a missing binary fails. */
export function hasRedisCluster(): boolean {
  const ok = ['redis-server', 'redis-cli'].every((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);
  return needs(ok, 'redis-server and redis-cli', 'apt-get install redis-server redis-tools');
}

export async function startPrivateRedisCluster(masters = 3): Promise<PrivateRedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'private-redis-cluster-'));
  const children: ChildProcess[] = [];
  const byPort = new Map<number, ChildProcess>();
  const kill = killProcess;
  const close = async () => {
    await Promise.all(children.map(kill));
    rmSync(dir, { recursive: true, force: true });
  };
  const startNode = (port: number) => {
    const nodeDir = path.join(dir, String(port));
    mkdirSync(nodeDir, { recursive: true });
    // A short node timeout: a killed master is noticed quickly.
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes'];
    args.push('--cluster-config-file', path.join(nodeDir, 'nodes.conf'), '--cluster-node-timeout', '2000');
    args.push('--save', '', '--appendonly', 'no', '--dir', nodeDir, '--loglevel', 'warning');
    const c = spawn('redis-server', args, { stdio: 'ignore' });
    children.push(c);
    byPort.set(port, c);
    return c;
  };
  const waitForOk = async (ports: number[], masters: number) => {
    // Every node must know the whole cluster and see every slot served (the gossip spreads it within a
    // second or so).
    const until = Date.now() + 15_000;
    for (const port of ports) {
      for (;;) {
        const info = await redisCli(['-p', String(port), 'cluster', 'info']);
        if (/cluster_state:ok/.test(info.output) && new RegExp(`cluster_known_nodes:${masters}\\b`).test(info.output)) break;
        if (Date.now() > until) throw new Error(`cluster node ${port} not ok within 15 s: ${info.output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < masters; i++) ports.push(await freePort());
    for (const port of ports) startNode(port);
    await Promise.all(ports.map((p) => waitForPing(p, byPort.get(p))));
    const create = await redisCli([
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    if (create.code !== 0) throw new Error(`redis-cli --cluster create failed: ${create.output}`);
    await waitForOk(ports, masters);
    return {
      ports,
      nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
      async killNode(port) {
        const c = byPort.get(port);
        if (c) await kill(c);
      },
      async restartNode(port) {
        const c = byPort.get(port);
        if (c && c.exitCode === null && c.signalCode === null) return;
        await waitForPing(port, startNode(port));
        await waitForOk(ports, masters);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
