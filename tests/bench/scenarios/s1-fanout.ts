/**
 * S1 fan-out: one document, writers at a fixed rate using the stock providers, light observers timing
 * receipt, awareness at 1 Hz for every client. Also the body of S5 (saved acknowledgement) and S7
 * (clients split across two instances of ours).
 */
import { Generator } from '../lib/generator.ts';
import type { ClientSpec } from '../lib/messages.ts';
import { docUrl, measureTarget, PROTOCOL, startTarget, type RunningTarget, type TargetName } from '../lib/target.ts';
import { sleep } from '../lib/stats.ts';
import type { RunRow } from './types.ts';

export interface FanoutOptions {
  observers: number;
  writers: number;
  editsPerSec: number;
  awarenessHz: number;
  durationMs: number;
  workers: number;
  drainMs?: number;
  /** Environment of the server(s) (DATABASE_URL, REDIS_URL for ours). */
  env?: Record<string, string | undefined>;
  /** The label the row carries instead of the target's name (ours on PostgreSQL + Redis). */
  label?: string;
  /** Two instances of ours over one bus: clients alternate between them (S7). */
  instances?: 1 | 2;
  /** For S7: writers on instance A only, observers on instance B only (every delivery crosses Redis). */
  crossOnly?: boolean;
  /** Writers as light clients (own small Y.Doc, hand-made framing) instead of stock providers. */
  lightWriters?: boolean;
  /** Writers ask ours for durable acknowledgements (`?ack=1`, S5); implies light writers. */
  ack?: boolean;
  /** Runs after the servers listen and before any client connects (S6 installs its byte counters). */
  afterStart?: (servers: RunningTarget[]) => Promise<void>;
}

export let lastFanoutDoc = '';

/** Warning and error lines of a server's output (pino levels 40+, or anything saying warn/error). */
export function serverWarnings(output: string): string[] {
  return output
    .split('\n')
    .filter((l) => /"level":(4|5|6)0/.test(l) || /^(warn|error|Error)\b/i.test(l) || /Hocuspocus: closing/.test(l))
    .filter((l) => !/client build not found/.test(l)) // the bench does not build the web app
    .map((l) => {
      try {
        const j = JSON.parse(l) as { msg?: string };
        return (j.msg ?? l).slice(0, 160);
      } catch {
        return l.slice(0, 160);
      }
    });
}

export async function runFanout(
  target: TargetName,
  o: FanoutOptions,
  scenario = 'S1',
  variant = `${o.observers} observers`,
  round = 1,
): Promise<RunRow> {
  const servers: RunningTarget[] = [];
  let gen: Generator | undefined;
  try {
    for (let i = 0; i < (o.instances ?? 1); i++) servers.push(await startTarget(target, o.env));
    await o.afterStart?.(servers);
    gen = await Generator.start(o.workers);
    const doc = `bench-s1-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    lastFanoutDoc = doc;
    const protocol = PROTOCOL[target];
    const urlFor = (i: number, role: 'w' | 'o') => {
      const s = o.crossOnly ? servers[role === 'w' ? 0 : servers.length - 1] : servers[i % servers.length];
      return docUrl(target, s.wsBase, doc);
    };
    const clients: ClientSpec[] = [
      ...Array.from(
        { length: o.writers },
        (_, i): ClientSpec => ({
          kind: o.lightWriters || o.ack ? 'light-writer' : 'provider-writer',
          url: urlFor(i, 'w') + (o.ack ? '?ack=1' : ''),
          doc,
          id: `w${i}`,
        }),
      ),
      ...Array.from({ length: o.observers }, (_, i): ClientSpec => ({ kind: 'observer', url: urlFor(i, 'o'), doc, id: `o${i}` })),
    ];
    const setup = await gen.setup(protocol, clients, { concurrency: 10 });
    if (setup.errors.length)
      throw new Error(`S1 setup: ${setup.errors.length} clients failed: ${setup.errors.slice(0, 3).join('; ')}`);
    await sleep(1000);
    const meters = servers.map(measureTarget);
    const r = await gen.run({
      durationMs: o.durationMs,
      editsPerSec: o.editsPerSec,
      awarenessHz: o.awarenessHz,
      drainMs: o.drainMs ?? 3000,
    });
    const m = meters.map((x) => x.stop());
    const cpu = m.reduce((n, x) => n + x.cpuSeconds, 0);
    const warnings = servers.flatMap((x) => serverWarnings(x.output()));
    const notes = [
      r.load.valid ? '' : `generator ELU ${r.load.maxElu.toFixed(2)} > 0.7`,
      warnings.length ? `server warned: ${warnings[0]}` : '',
    ].filter(Boolean);
    return {
      scenario,
      variant,
      target: o.label ?? target,
      round,
      valid: r.load.valid,
      note: notes.join('; ') || undefined,
      metrics: {
        p50: r.latency.p50,
        p95: r.latency.p95,
        p99: r.latency.p99,
        max: r.latency.max,
        sent: r.sent,
        expected: r.expected,
        received: r.received,
        undelivered: r.undelivered,
        duplicates: r.duplicates,
        observersClosed: r.observersClosed,
        awarenessFramesPerObserver: r.awarenessPerObserver,
        serverWarnings: warnings.length,
        cpuS: cpu,
        cpuUsPerDelivered: r.received ? (cpu * 1e6) / r.received : NaN,
        peakRssMB: Math.max(...m.map((x) => x.peakRss)) / 2 ** 20,
        ...(o.ack
          ? {
              unacked: r.sent - r.ack.n,
              ackN: r.ack.n,
              ackP50: r.ack.p50,
              ackP95: r.ack.p95,
              ackP99: r.ack.p99,
              ackMax: r.ack.max,
            }
          : {}),
        genWorkers: r.load.workers,
        genEluMax: r.load.maxElu,
        genDelayP99: r.load.maxDelayP99,
      },
    };
  } finally {
    await gen?.close();
    for (const s of servers) await s.stop();
  }
}
