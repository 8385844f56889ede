/**
 * `pnpm bench --rolling` (issue 21): the longer rolling-restart measurement. Three instances (main.ts)
 * behind Debian's nginx running the shipped template, on a private redis-server and a fresh database
 * next to BENCH_DATABASE_URL / DATABASE_URL; 30 stock clients edit through the proxy while all three
 * instances are restarted one after another, twice (SIGTERM with SHUTDOWN_DRAIN_MS=2000, as compose
 * sets it). Prints reconnect p50/p99, edits lost, socket.io events missed after catch-up and the HTTP
 * errors seen through the proxy, plus a Markdown table for BENCHMARKS.md.
 *
 * Options: --clients=N (default 30) · --rounds=N (passes over the three instances, default 2) ·
 * --drain-ms=N (default 2000).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { startCluster } from '../faults/helpers/proxy-cluster.ts';
import { describeRolling, runRollingRestart } from '../faults/helpers/rolling.ts';
import { NGINX } from '../helpers/proxy.ts';
import { freshDatabase, postgresAvailable } from './lib/backends.ts';

const log = (line: string) => console.log(`[bench rolling ${new Date().toISOString().slice(11, 19)}] ${line}`);

export async function runRollingBench(args: string[]): Promise<void> {
  const num = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const clients = num('clients', 30);
  const rounds = num('rounds', 2);
  const drainMs = num('drain-ms', 2000);
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install -y nginx`);
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) throw new Error('redis-server is missing');
  const pgProblem = await postgresAvailable();
  if (pgProblem) throw new Error(pgProblem);
  const db = await freshDatabase();
  try {
    log(
      `${clients} clients, ${rounds} passes over 3 instances, SHUTDOWN_DRAIN_MS=${drainMs}; load ${os.loadavg()[0].toFixed(2)}`,
    );
    const cluster = await startCluster({ databaseUrl: db.url, drainMs });
    try {
      const f = await runRollingRestart(cluster, db.url, {
        clients,
        editEveryMs: 200,
        warmupMs: 3000,
        pauseMs: 3000,
        commentEveryMs: 250,
        rounds,
        log,
      });
      log(describeRolling(f));
      const errors = Object.values(f.httpErrors).reduce((a, b) => a + b, 0);
      console.log(
        [
          '',
          `Rolling restart (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, nginx ${spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: nginx/', '')}): ` +
            `${f.clients} stock y-websocket clients editing every 200 ms through nginx, ${f.restarts.length} restarts (3 instances, ${rounds} passes, SHUTDOWN_DRAIN_MS=${drainMs})`,
          '',
          '| measure | value |',
          '| --- | --- |',
          `| edits sent / acknowledged | ${f.editsSent} / ${f.editsAcknowledged} |`,
          `| edits lost (acknowledged / sent by a connected client) | ${f.acknowledgedLost} / ${f.sentLost} |`,
          `| reconnects (y-websocket) | ${f.reconnects}, close codes ${Object.entries(f.closeCodes)
            .map(([c, n]) => `${c}×${n}`)
            .join(', ')} |`,
          `| reconnect p50 / p99 / max (close → synced again) | ${f.reconnectP50} / ${f.reconnectP99} / ${f.reconnectMax} ms |`,
          `| socket.io reconnects (websocket / polling) | ${f.socketIo.map((s) => `${s.reconnects} (max ${s.reconnectMaxMs} ms)`).join(' / ')} |`,
          `| comment events posted / heard live / missed after catch-up | ${f.eventsPosted} / ${f.eventsHeardLive} / ${f.eventsMissed} |`,
          `| HTTP requests through the proxy / errors | ${f.httpRequests} / ${errors} |`,
          `| nginx 5xx / socket.io polls of a gone session (4xx, the client reconnects) | ${f.proxy5xx} / ${f.proxySocketIo4xx} |`,
          `| instance stop (drain + close) / start | ${f.restarts.map((r) => r.stopMs).join(', ')} ms / ${f.restarts.map((r) => r.startMs).join(', ')} ms |`,
          '',
        ].join('\n'),
      );
    } finally {
      await cluster.close();
    }
  } finally {
    await db.drop();
  }
}
