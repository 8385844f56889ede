/**
 * S2 many documents: `docs` documents × `perDoc` clients, each client editing `editsPerSec` and
 * timing the others' edits lightly. Reports delivery latency, undelivered edits, CPU and peak RSS.
 */
import { Generator } from '../lib/generator.ts';
import type { ClientSpec } from '../lib/messages.ts';
import { docUrl, measureTarget, PROTOCOL, startTarget, type TargetName } from '../lib/target.ts';
import { sleep } from '../lib/stats.ts';
import type { RunRow } from './types.ts';

export interface ManyDocsOptions {
  docs: number;
  perDoc: number;
  editsPerSec: number;
  durationMs: number;
  workers: number;
  /** Server environment (ours on PostgreSQL) and the label its rows carry. */
  env?: Record<string, string>;
  label?: string;
}

/** Token of ours' `/metrics` in this scenario (group commits and rows are read from it). */
const METRICS_TOKEN = 'bench-s2-metrics-token';

/** Ours' sync persistence counters from `/metrics`: committed group commits and rows appended. */
async function persistCounters(port: number): Promise<{ commits: number; rows: number } | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    if (!res.ok) return null;
    const text = await res.text();
    const read = (re: RegExp) => Number(text.match(re)?.[1] ?? NaN);
    return {
      commits: read(/^planner_sync_group_commits_total\{result="ok"\} (\S+)$/m),
      rows: read(/^planner_sync_persisted_rows_total (\S+)$/m),
    };
  } catch {
    return null;
  }
}

export async function runManyDocs(target: TargetName, o: ManyDocsOptions, round = 1): Promise<RunRow> {
  const server = await startTarget(target, target === 'ours' ? { METRICS_TOKEN, ...o.env } : o.env);
  let gen: Generator | undefined;
  try {
    gen = await Generator.start(o.workers);
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
    const clients: ClientSpec[] = [];
    for (let d = 0; d < o.docs; d++) {
      const doc = `bench-s2-${run}-${d}`;
      for (let c = 0; c < o.perDoc; c++)
        clients.push({ kind: 'light-writer', url: docUrl(target, server.wsBase, doc), doc, id: `d${d}c${c}` });
    }
    const meter = measureTarget(server);
    const t0 = performance.now();
    const setup = await gen.setup(PROTOCOL[target], clients, { concurrency: 16, timeoutMs: 120_000 });
    const connectS = (performance.now() - t0) / 1000;
    if (setup.errors.length)
      throw new Error(`S2 setup: ${setup.errors.length} clients failed: ${setup.errors.slice(0, 3).join('; ')}`);
    await sleep(1000);
    const before = target === 'ours' ? await persistCounters(server.port) : null;
    const r = await gen.run({ durationMs: o.durationMs, editsPerSec: o.editsPerSec, awarenessHz: 0, drainMs: 3000 });
    const m = meter.stop();
    const after = before ? await persistCounters(server.port) : null;
    // Group commits (one INSERT statement each up to 1,000 rows) and rows per second of the edit phase.
    const seconds = o.durationMs / 1000;
    const persist: Record<string, number> =
      before && after
        ? { commitsPerS: (after.commits - before.commits) / seconds, rowsPerS: (after.rows - before.rows) / seconds }
        : {};
    return {
      scenario: 'S2',
      variant: `${o.docs} docs × ${o.perDoc} clients`,
      target: o.label ?? target,
      round,
      valid: r.load.valid,
      note: r.load.valid ? undefined : `generator ELU ${r.load.maxElu.toFixed(2)} > 0.7`,
      metrics: {
        connectS,
        p50: r.latency.p50,
        p95: r.latency.p95,
        p99: r.latency.p99,
        sent: r.sent,
        expected: r.expected,
        received: r.received,
        undelivered: r.undelivered,
        cpuS: m.cpuSeconds,
        cpuUsPerEdit: (m.cpuSeconds * 1e6) / Math.max(1, r.sent),
        ...persist,
        peakRssMB: m.peakRss / 2 ** 20,
        hwmMB: m.hwm / 2 ** 20,
        genWorkers: r.load.workers,
        genEluMax: r.load.maxElu,
        genDelayP99: r.load.maxDelayP99,
      },
    };
  } finally {
    await gen?.close();
    await server.stop();
  }
}
