/**
 * Turns the raw runs into the console table and BENCHMARKS.md: medians over valid rounds, ratios of
 * ours to the better peer, and the issue's targets marked met or missed.
 */
import os from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TARGET_LABEL, type TargetName } from './target.ts';
import { median } from './stats.ts';
import type { RunRow } from '../scenarios/types.ts';

export interface Meta {
  command: string;
  full: boolean;
  startedAt: Date;
  finishedAt: Date;
  busyAtStart: { count: number; loadavg: string };
  skipped: string[];
  profiles: string[];
  /** Further facts about the run (revision measured, start retries). */
  notes: string[];
}

const PEERS: TargetName[] = ['ywss', 'hocuspocus'];
/** Label of ours' extra S2/S4 runs on PostgreSQL instead of the embedded PGlite. */
export const OURS_PG = 'ours (PostgreSQL)';

/** Median of a metric over the valid runs of one (scenario, variant, target); over all runs if none is valid. */
function med(
  rows: RunRow[],
  scenario: string,
  variant: string,
  target: string,
  metric: string,
): { v: number; valid: boolean; n: number } {
  const mine = rows.filter((r) => r.scenario === scenario && r.variant === variant && r.target === target && metric in r.metrics);
  const valid = mine.filter((r) => r.valid);
  const use = valid.length ? valid : mine;
  return { v: median(use.map((r) => r.metrics[metric])), valid: valid.length > 0, n: use.length };
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(digits)) : '–');

export interface SummaryLine {
  scenario: string;
  variant: string;
  metric: string;
  unit: string;
  ours: number;
  /** Ours on PostgreSQL instead of the embedded PGlite (S2, S4 only). */
  oursPg: number;
  /** Ours on PostgreSQL ÷ the better peer. */
  ratioPg: number;
  peers: Partial<Record<TargetName, number>>;
  ratio: number;
  invalid: boolean;
}

const COMPARED: { scenario: string; metric: string; unit: string }[] = [
  { scenario: 'S1', metric: 'p50', unit: 'ms' },
  { scenario: 'S1', metric: 'p99', unit: 'ms' },
  { scenario: 'S1', metric: 'undelivered', unit: 'edits' },
  { scenario: 'S1', metric: 'cpuUsPerDelivered', unit: 'µs CPU / delivered edit' },
  { scenario: 'S1', metric: 'peakRssMB', unit: 'MB' },
  { scenario: 'S2', metric: 'p99', unit: 'ms' },
  { scenario: 'S2', metric: 'undelivered', unit: 'edits' },
  { scenario: 'S2', metric: 'cpuS', unit: 'CPU s' },
  { scenario: 'S2', metric: 'peakRssMB', unit: 'MB' },
  { scenario: 'S4', metric: 'p99', unit: 'ms to full sync reply' },
  { scenario: 'S4', metric: 'peakRssMB', unit: 'MB' },
  { scenario: 'S4', metric: 'cpuS', unit: 'CPU s' },
];

export function summary(rows: RunRow[]): SummaryLine[] {
  const out: SummaryLine[] = [];
  for (const c of COMPARED) {
    const variants = [...new Set(rows.filter((r) => r.scenario === c.scenario).map((r) => r.variant))];
    for (const variant of variants) {
      const o = med(rows, c.scenario, variant, 'ours', c.metric);
      const peers: Partial<Record<TargetName, number>> = {};
      let invalid = !o.valid && o.n > 0;
      for (const p of PEERS) {
        const m = med(rows, c.scenario, variant, p, c.metric);
        if (m.n) peers[p] = m.v;
        if (m.n && !m.valid) invalid = true;
      }
      const best = Math.min(...Object.values(peers).filter((x) => Number.isFinite(x)));
      out.push({
        ...c,
        variant,
        ours: o.v,
        oursPg: med(rows, c.scenario, variant, OURS_PG, c.metric).v,
        peers,
        ratio: o.v / best,
        ratioPg: med(rows, c.scenario, variant, OURS_PG, c.metric).v / best,
        invalid,
      });
    }
  }
  return out;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

const s2vAll = (rows: RunRow[]) => [...new Set(rows.filter((r) => r.scenario === 'S2').map((r) => r.variant))];

export function checkTargets(rows: RunRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const s1v = [...new Set(rows.filter((r) => r.scenario === 'S1').map((r) => r.variant))];
  const bestPeer = (scenario: string, v: string, metric: string) =>
    Math.min(...PEERS.map((p) => med(rows, scenario, v, p, metric).v).filter(Number.isFinite));
  const backends: [string, string][] = [
    ['ours', 'embedded PGlite'],
    [OURS_PG, 'PostgreSQL + Redis'],
  ];
  // Issue 19: p99 and CPU per delivered edit ≤ 0.8× the better peer, on both backends.
  for (const v of s1v)
    for (const [target, backend] of backends) {
      const p99m = med(rows, 'S1', v, target, 'p99');
      if (!p99m.n) continue;
      const p99 = p99m.v;
      const und = med(rows, 'S1', v, target, 'undelivered').v;
      const cpu = med(rows, 'S1', v, target, 'cpuUsPerDelivered').v;
      const peerP99 = bestPeer('S1', v, 'p99');
      const peerCpu = bestPeer('S1', v, 'cpuUsPerDelivered');
      const known = Number.isFinite(p99) && Number.isFinite(peerP99);
      checks.push({
        target: `S1 (${v}, ${backend})${p99m.valid ? '' : " (ours' runs invalid)"}: p99 ≤ 0.8× and CPU/delivered edit ≤ 0.8× the better peer, zero undelivered`,
        measured: `p99 ${fmt(p99)} ms (${fmt(p99 / peerP99, 2)}× the better peer's ${fmt(peerP99)}), CPU/edit ${fmt(cpu)} µs (${fmt(cpu / peerCpu, 2)}× ${fmt(peerCpu)}), undelivered ${fmt(und, 0)}`,
        met: known ? p99 <= 0.8 * peerP99 && und === 0 && cpu <= 0.8 * peerCpu : null,
      });
    }
  // Issue 19: the embedded default's peak memory in S1 with 100 observers and in S2.
  for (const [scenario, v] of [['S1', '100 observers'], ...s2vAll(rows).map((x) => ['S2', x])]) {
    const rss = med(rows, scenario, v, 'ours', 'peakRssMB');
    if (!rss.n) continue;
    checks.push({
      target: `${scenario} (${v}): peak RSS of the embedded default ≤ 300 MB`,
      measured: `${fmt(rss.v)} MB (on PostgreSQL: ${fmt(med(rows, scenario, v, OURS_PG, 'peakRssMB').v)} MB, the database not counted)`,
      met: rss.v <= 300,
    });
  }
  // Issue 19: S2 p99 and CPU ≤ 1.0× the better peer, on both backends.
  for (const v of s2vAll(rows))
    for (const [target, backend] of backends) {
      const p99m = med(rows, 'S2', v, target, 'p99');
      if (!p99m.n) continue;
      const cpu = med(rows, 'S2', v, target, 'cpuS').v;
      const peerP99 = bestPeer('S2', v, 'p99');
      const peerCpu = bestPeer('S2', v, 'cpuS');
      checks.push({
        target: `S2 (${v}, ${backend}): p99 ≤ 1.0× and CPU ≤ 1.0× the better peer`,
        measured: `p99 ${fmt(p99m.v)} ms (${fmt(p99m.v / peerP99, 2)}× ${fmt(peerP99)}), CPU ${fmt(cpu)} s (${fmt(cpu / peerCpu, 2)}× ${fmt(peerCpu)})`,
        met: Number.isFinite(peerP99) ? p99m.v <= peerP99 && cpu <= peerCpu : null,
      });
    }
  const one = (scenario: string, metric: string) => {
    const variants = [...new Set(rows.filter((r) => r.scenario === scenario).map((r) => r.variant))];
    return variants.map((v) => ({ v, m: med(rows, scenario, v, 'ours', metric).v }));
  };
  for (const { v, m } of one('S2', 'peakRssMB')) {
    const pg = med(rows, 'S2', v, OURS_PG, 'peakRssMB');
    checks.push({
      target: `S2 (${v}): server RSS ≤ 1 GB`,
      measured: `peak RSS ${fmt(m)} MB (embedded PGlite)${pg.n ? `, ${fmt(pg.v)} MB on PostgreSQL` : ''}`,
      met: Number.isFinite(m) ? m <= 1024 : null,
    });
  }
  const s3 = one('S3', 'loadMs');
  const after = s3.find((x) => x.v.startsWith('after'));
  const before = s3.find((x) => !x.v.startsWith('after'));
  if (after)
    checks.push({
      target: 'S3: cold load ≤ 300 ms after compaction',
      measured: `${fmt(after.m)} ms after compaction (${fmt(before?.m ?? NaN)} ms before, ${before?.v ?? ''})`,
      met: Number.isFinite(after.m) ? after.m <= 300 : null,
    });
  for (const { v } of one('S4', 'p99')) {
    const p99 = med(rows, 'S4', v, 'ours', 'p99').v;
    const rss = med(rows, 'S4', v, 'ours', 'peakRssMB').v;
    const pgP99 = med(rows, 'S4', v, OURS_PG, 'p99');
    const pgRss = med(rows, 'S4', v, OURS_PG, 'peakRssMB');
    const fromInvalid = !med(rows, 'S4', v, 'ours', 'p99').valid;
    checks.push({
      target: `S4 (${v}): p99 ≤ 3 s and peak RSS ≤ 1 GB${fromInvalid ? " (ours' runs invalid: generator-bound, p99 is an upper bound)" : ''}`,
      measured: `p99 ${fmt(p99)} ms, peak RSS ${fmt(rss)} MB (embedded PGlite)${pgP99.n ? `; on PostgreSQL p99 ${fmt(pgP99.v)} ms, peak RSS ${fmt(pgRss.v)} MB` : ''}`,
      met: Number.isFinite(p99) ? p99 <= 3000 && rss <= 1024 : null,
    });
  }
  for (const { v, m } of one('S5', 'ackP99')) {
    const p50 = med(rows, 'S5', v, 'ours', 'ackP50').v;
    checks.push({
      target: `S5 (${v}): saved-acknowledgement p99 ≤ 25 ms`,
      measured: `p50 ${fmt(p50)} ms, p99 ${fmt(m)} ms`,
      met: Number.isFinite(m) ? m <= 25 : null,
    });
  }
  for (const { v, m } of one('S6', 'ratioAll')) {
    const log = med(rows, 'S6', v, 'ours', 'ratioLog').v;
    checks.push({
      target: 'S6: bytes written ÷ final compact state ≤ 1.2×',
      measured: `${fmt(m, 2)}× with snapshots (${fmt(log, 2)}× log rows alone)`,
      met: Number.isFinite(m) ? m <= 1.2 : null,
    });
  }
  // Issue 19: cross-instance ÷ single-instance p99 ≤ 1.5× in every round.
  const s7 = rows.filter((r) => r.scenario === 'S7' && 'p99' in r.metrics);
  const s7rounds = [...new Set(s7.map((r) => r.round))].sort((a, b) => a - b);
  const s7ratios = s7rounds
    .map((round) => {
      const single = s7.find((r) => r.round === round && r.variant.startsWith('single'))?.metrics.p99;
      const cross = s7.find((r) => r.round === round && !r.variant.startsWith('single'))?.metrics.p99;
      return { round, single: single ?? NaN, cross: cross ?? NaN, ratio: (cross ?? NaN) / (single ?? NaN) };
    })
    .filter((x) => Number.isFinite(x.ratio));
  if (s7ratios.length)
    checks.push({
      target: 'S7: cross-instance p99 ≤ 1.5× single-instance p99 in every round',
      measured: s7ratios.map((x) => `round ${x.round}: ${fmt(x.cross)} ÷ ${fmt(x.single)} ms = ${fmt(x.ratio, 2)}×`).join('; '),
      met: s7ratios.every((x) => x.ratio <= 1.5),
    });
  return checks;
}

export function consoleTable(rows: RunRow[]): string {
  const lines: string[] = [];
  const head = ['scenario', 'variant', 'metric', 'ours', 'ywss', 'hocuspocus', 'ours/better peer', 'ours on PostgreSQL'];
  const body = summary(rows).map((s) => [
    s.scenario,
    s.variant,
    `${s.metric} (${s.unit})`,
    fmt(s.ours),
    fmt(s.peers.ywss ?? NaN),
    fmt(s.peers.hocuspocus ?? NaN),
    (Number.isFinite(s.ratio) ? s.ratio.toFixed(2) : '–') + (s.invalid ? ' (invalid run)' : ''),
    fmt(s.oursPg),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  lines.push(row(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(row));
  lines.push('');
  for (const c of checkTargets(rows))
    lines.push(`${c.met === null ? '  ?' : c.met ? ' ok' : 'MISS'}  ${c.target}: ${c.measured}`);
  return lines.join('\n');
}

const ANALYSIS_START = '<!-- analysis:start -->';
const ANALYSIS_END = '<!-- analysis:end -->';

export function writeMarkdown(file: string, rows: RunRow[], meta: Meta) {
  const keep = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const a = keep.indexOf(ANALYSIS_START);
  const b = keep.indexOf(ANALYSIS_END);
  const analysis =
    a >= 0 && b > a
      ? keep.slice(a, b + ANALYSIS_END.length)
      : `${ANALYSIS_START}\n_No analysis written yet: this section is kept when the benchmark rewrites the file._\n${ANALYSIS_END}`;
  const cpus = os.cpus();
  const md: string[] = [];
  md.push('# Benchmarks: sync under load', '');
  md.push('Generated by `tests/bench/run.ts`; everything above "Closing note" is rewritten on every run.', '');
  md.push('## This run', '');
  md.push(`- Command: \`${meta.command}\` (${meta.full ? 'full set' : 'quick set'})`);
  md.push(`- Date: ${meta.startedAt.toISOString()} – ${meta.finishedAt.toISOString()}`);
  md.push(
    `- Machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`,
  );
  md.push(
    `- Shared machine: ${meta.busyAtStart.count} other processes were using CPU when the run started (load average ${meta.busyAtStart.loadavg}); each run's count is in its \`busyOthers\` column. Absolute numbers drift, so every scenario alternates the servers within this run and the ratios are what to read.`,
  );
  for (const n of meta.notes) md.push(`- ${n}`);
  if (meta.skipped.length) md.push(`- Not run: ${meta.skipped.join('; ')}`);
  md.push('');
  md.push('## Method', '');
  md.push(
    [
      '- **Servers under test**, each its own process started by the runner on a free loopback port: **ours** (`tests/bench/targets/ours-server.ts`: the real app from `buildApp` + `loadConfig`; the embedded PGlite in a temporary DATA_DIR unless the scenario needs PostgreSQL/Redis); **@y/websocket-server 0.1.1** wired as its own `server.js` (in-memory); **Hocuspocus 4.7** `Server` with defaults (no extensions; broadcasts batched per event-loop turn).',
      '- **The benchmark bypasses account lookup**: ours gets a `docAuthorizer` that grants write access to every connection, so the numbers measure sync, not login. The peers have no authentication either.',
      '- **Load generator**: forked worker processes (`tests/bench/lib/worker.ts`), clients dealt round-robin. Each records its event-loop utilisation (`performance.eventLoopUtilization`) and loop delay (`monitorEventLoopDelay`); a run whose busiest generator process exceeded 0.7 utilisation is marked **invalid** and not used for medians when a valid round exists.',
      "- **Writers** in S1/S7 are stock providers over a full Y.Doc (`y-websocket`'s `WebsocketProvider`, `@hocuspocus/provider`). Each edit is a `Y.Array` push of a string `BMK:<writer>:<seq>:<send time ms>;`. In S2 and S5 the writers are light clients with their own small Y.Doc (real Yjs updates, hand-made framing; S5 needs ours' `?ack=1` extension, which the stock provider does not parse).",
      '- **Observers** decode the protocol lightly (`tests/bench/lib/wire.ts`): read the frame header (Hocuspocus: skip the document-name prefix), answer sync step 1 with an empty step 2, and byte-scan update frames for the markers (Yjs keeps strings as UTF-8 inside updates, merged or not). Latency = receipt time − embedded send time (same host clock, `performance.timeOrigin + performance.now()`).',
      '- **Delivery**: every observer is synced before the first edit; after the edits stop the generator waits at least 3 s and until no edit has arrived for 1.5 s (at most 15 s), then counts distinct markers per observer; late edits count in the latency, missing ones as undelivered. Undelivered = Σ over observers of (edits sent on its document by others − distinct edits it received). Never hidden.',
      '- **Server cost**: CPU seconds = Δ(utime+stime) of the server process from `/proc/<pid>/stat` over the measured window; peak RSS = max of `VmRSS` sampled every 100 ms (VmHWM also recorded). For ours this includes the embedded PGlite (WASM PostgreSQL in-process) or the pg client.',
      '- **Ratios** are ours ÷ the better of the two peers, on medians over rounds; below 1 is better for ours.',
    ].join('\n'),
  );
  md.push('');
  md.push('## Summary', '');
  md.push(
    '| scenario | variant | metric | ours | @y/websocket-server | Hocuspocus | ours ÷ better peer | ours on PostgreSQL | PostgreSQL ÷ better peer |',
  );
  md.push('|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const s of summary(rows)) {
    md.push(
      `| ${s.scenario} | ${s.variant} | ${s.metric} (${s.unit}) | ${fmt(s.ours)} | ${fmt(s.peers.ywss ?? NaN)} | ${fmt(s.peers.hocuspocus ?? NaN)} | ${Number.isFinite(s.ratio) ? s.ratio.toFixed(2) : '–'}${s.invalid ? ' ⚠ invalid run' : ''} | ${fmt(s.oursPg)} | ${Number.isFinite(s.ratioPg) ? s.ratioPg.toFixed(2) : '–'} |`,
    );
  }
  md.push('');
  md.push('## Targets', '');
  md.push('| target | measured | met |', '|---|---|---|');
  for (const c of checkTargets(rows))
    md.push(`| ${c.target} | ${c.measured} | ${c.met === null ? 'not measured' : c.met ? '**yes**' : '**no**'} |`);
  md.push('');
  md.push('## Raw runs', '');
  for (const scenario of [...new Set(rows.map((r) => r.scenario))]) {
    const rs = rows.filter((r) => r.scenario === scenario);
    const keys = [...new Set(rs.flatMap((r) => Object.keys(r.metrics)))];
    md.push(`### ${scenario}`, '');
    md.push(`| variant | server | round | valid | ${keys.join(' | ')} | note |`);
    md.push(`|---|---|---:|---|${keys.map(() => '---:').join('|')}|---|`);
    for (const r of rs)
      md.push(
        `| ${r.variant} | ${TARGET_LABEL[r.target as TargetName] ?? r.target} | ${r.round} | ${r.valid ? 'yes' : '**no**'} | ${keys.map((k) => (k in r.metrics ? fmt(r.metrics[k], k.startsWith('gen') || k.startsWith('ratio') ? 2 : 1) : '')).join(' | ')} | ${r.note ?? ''} |`,
      );
    md.push('');
  }
  if (meta.profiles.length) {
    md.push('## Profiles of ours', '');
    md.push(...meta.profiles, '');
  }
  md.push('## Closing note', '', analysis, '');
  writeFileSync(file, md.join('\n'));
}
