import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './private-redis.ts';
import { killProcess, redisCli, waitForPing } from './redis-processes.ts';

export { hasRedisCluster as hasRedisTools } from './private-redis-cluster.ts';

/**
 * A private Sentinel setup on free ports, each process in a temp folder, without persistence: one
 * master, one replica of it, and three sentinels watching the master as {@link masterName} with a
 * quorum of 2. The sentinels notice a dead master after 1 s and fail over to the replica.
 */
export interface PrivateRedisSentinel {
  masterName: string;
  /** `127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3`, for REDIS_SENTINELS. */
  sentinels: string;
  /** `redis+sentinel://127.0.0.1:s1,…/<masterName>`, for REDIS_URL. */
  url: string;
  /** The port of the master the sentinels name now. */
  masterPort(): Promise<number>;
  /** Kills the current master (SIGKILL); returns its port. */
  killMaster(): Promise<number>;
  /**
   * Freezes the current master (SIGSTOP, like a long `DEBUG SLEEP`): its sockets stay open and nothing
   * answers. Returns its port; {@link thaw} lets it go on.
   */
  freezeMaster(): Promise<number>;
  /** SIGCONT after {@link freezeMaster}: it comes back believing it is master, until the sentinels demote it. */
  thaw(port: number): void;
  /** Waits until the sentinels name a master other than `oldPort` and it answers as master. */
  waitForFailover(oldPort: number, timeoutMs?: number): Promise<number>;
  /** Kills everything and removes the folder. */
  close(): Promise<void>;
}

const MASTER = 'planner-test';

export async function startPrivateRedisSentinel(): Promise<PrivateRedisSentinel> {
  const dir = mkdtempSync(path.join(tmpdir(), 'private-redis-sentinel-'));
  const servers = new Map<number, ChildProcess>();
  const all: ChildProcess[] = [];
  const kill = killProcess;
  const close = async () => {
    await Promise.all(all.map(kill));
    rmSync(dir, { recursive: true, force: true });
  };
  const run = (args: string[]) => {
    const c = spawn('redis-server', args, { stdio: 'ignore' });
    all.push(c);
    return c;
  };
  const dataServer = (port: number, extra: string[] = []) => {
    const d = path.join(dir, String(port));
    mkdirSync(d);
    const c = run([
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      d,
      '--loglevel',
      'warning',
      ...extra,
    ]);
    servers.set(port, c);
    return c;
  };

  try {
    const [masterPort, replicaPort, ...sentinelPorts] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
    // No 5 s wait for more replicas before a diskless full sync (a replica that comes up after a failover, too).
    const master = dataServer(masterPort, ['--repl-diskless-sync-delay', '0']);
    await waitForPing(masterPort, master);
    const replica = dataServer(replicaPort, ['--repl-diskless-sync-delay', '0', '--replicaof', '127.0.0.1', String(masterPort)]);
    await waitForPing(replicaPort, replica);
    // The sentinels learn of the replica from the master's INFO, asked for as soon as they connect:
    // start them once the replica is attached, so they know it from the first moment.
    await until(
      async () => /master_link_status:up/.test((await redisCli(['-p', String(replicaPort), 'info', 'replication'])).output),
      10_000,
      'replica in sync',
    );
    // Each sentinel is told its id, the replica and the other sentinels up front (the lines a sentinel
    // writes into its own file), instead of learning them from hello messages sent every 2 s.
    const ids = sentinelPorts.map(() => randomBytes(20).toString('hex'));
    for (const [i, port] of sentinelPorts.entries()) {
      const d = path.join(dir, `sentinel-${port}`);
      mkdirSync(d);
      const conf = path.join(d, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${d}`,
          'loglevel warning',
          `sentinel monitor ${MASTER} 127.0.0.1 ${masterPort} 2`,
          `sentinel down-after-milliseconds ${MASTER} 1000`,
          `sentinel failover-timeout ${MASTER} 3000`,
          `sentinel parallel-syncs ${MASTER} 1`,
          `sentinel myid ${ids[i]}`,
          `sentinel known-replica ${MASTER} 127.0.0.1 ${replicaPort}`,
          ...sentinelPorts.flatMap((other, j) =>
            j === i ? [] : [`sentinel known-sentinel ${MASTER} 127.0.0.1 ${other} ${ids[j]}`],
          ),
          '',
        ].join('\n'),
      );
      run([conf, '--sentinel']);
    }
    await Promise.all(sentinelPorts.map((port, i) => waitForPing(port, all[all.length - 3 + i])));
    // A failover needs the sentinels to know each other (hello messages every 2 s) and the replica.
    await until(
      async () => {
        for (const port of sentinelPorts) {
          const out = (await redisCli(['-p', String(port), 'sentinel', 'master', MASTER])).output;
          const field = (name: string) => Number(out.match(new RegExp(`^${name}\\n(\\d+)$`, 'm'))?.[1] ?? -1);
          if (field('num-slaves') < 1 || field('num-other-sentinels') < 2) return false;
        }
        return true;
      },
      15_000,
      'sentinels know the replica and each other',
    );

    const sentinels = sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',');
    const currentMaster = async () => {
      for (const port of sentinelPorts) {
        const out = (await redisCli(['-p', String(port), 'sentinel', 'get-master-addr-by-name', MASTER])).output
          .trim()
          .split('\n');
        if (out.length === 2 && /^\d+$/.test(out[1])) return Number(out[1]);
      }
      throw new Error('no sentinel names a master');
    };
    return {
      masterName: MASTER,
      sentinels,
      url: `redis+sentinel://${sentinels}/${MASTER}`,
      masterPort: currentMaster,
      async killMaster() {
        const port = await currentMaster();
        const c = servers.get(port);
        if (!c) throw new Error(`no process for master port ${port}`);
        await kill(c);
        return port;
      },
      async freezeMaster() {
        const port = await currentMaster();
        const c = servers.get(port);
        if (!c) throw new Error(`no process for master port ${port}`);
        c.kill('SIGSTOP');
        return port;
      },
      thaw(port) {
        servers.get(port)?.kill('SIGCONT');
      },
      async waitForFailover(oldPort, timeoutMs = 20_000) {
        let port = oldPort;
        await until(
          async () => {
            // Every sentinel must name the new master (an app asks any of them).
            const named = new Set<number>();
            for (const s of sentinelPorts) {
              const out = (await redisCli(['-p', String(s), 'sentinel', 'get-master-addr-by-name', MASTER])).output
                .trim()
                .split('\n');
              named.add(Number(out[1]));
            }
            if (named.size !== 1 || named.has(oldPort)) return false;
            port = [...named][0];
            return /role:master/.test((await redisCli(['-p', String(port), 'info', 'replication'])).output);
          },
          timeoutMs,
          'failover',
        );
        return port;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`private redis sentinel: ${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
