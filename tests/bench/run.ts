/**
 * The sync benchmark (issue 9): `pnpm bench` runs the quick set, `pnpm bench --full` the whole.
 * `pnpm bench --rolling` measures a rolling restart behind nginx instead (rolling.ts, issue 21);
 * `pnpm bench --footprint` the memory of the embedded default, idle (footprint.ts, issue 19);
 * `pnpm bench --city` the REST API and the cross-plan checks in a generated city of 2,000 plans (city.ts, issue 19);
 * `pnpm bench --soak` 20 minutes of clients joining, editing and leaving, then a restart (soak.ts, issue 19).
 *
 * Options: --full · --only=S1,S4 · --profile (one extra run of ours per compared scenario under
 * `--cpu-prof`, summarised in BENCHMARKS.md; not used for the numbers) · --out=<file> (default
 * BENCHMARKS.md at the repository root) · --no-write (print only).
 *
 * Each scenario runs every available server in the same run, alternating the order from round to
 * round, and prints ratios of ours to the better peer. S3, S5, S6 and S7 concern only ours and need
 * PostgreSQL (and Redis for S7): BENCH_DATABASE_URL / DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) and BENCH_REDIS_URL / REDIS_URL (default
 * redis://127.0.0.1:6379); each run creates and drops its own database.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { busyProcesses } from './lib/proc-stats.ts';
import { freshDatabase, postgresAvailable, REDIS_URL, redisAvailable } from './lib/backends.ts';
import { consoleTable, OURS_PG, writeMarkdown } from './lib/report.ts';
import { profileMarkdown } from './lib/profile.ts';
import { execSync } from 'node:child_process';
import { profiling, repoRoot, startRetries, TARGET_LABEL, type TargetName } from './lib/target.ts';
import { runFanout } from './scenarios/s1-fanout.ts';
import { runManyDocs } from './scenarios/s2-many-docs.ts';
import { runColdLoad } from './scenarios/s3-cold-load.ts';
import { runJoinStorm } from './scenarios/s4-join-storm.ts';
import { runDurable } from './scenarios/s5-s6-durable.ts';
import { runTwoInstances } from './scenarios/s7-two-instances.ts';
import type { RunRow } from './scenarios/types.ts';
import { runRollingBench } from './rolling.ts';
import { runFootprintBench } from './footprint.ts';
import { runCityBench } from './city.ts';
import { runSoakBench } from './soak.ts';

const args = process.argv.slice(2);
const full = args.includes('--full');
const profile = args.includes('--profile');
const write = !args.includes('--no-write');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .toUpperCase()
  .split(',');
const out = path.resolve(repoRoot, args.find((a) => a.startsWith('--out='))?.slice(6) ?? 'BENCHMARKS.md');
const wants = (s: string) => !only || only.includes(s);

/** Sizes of the quick and the full set. */
const P = full
  ? {
      s1: { observers: [100, 200, 300], rounds: 3, durationMs: 20_000 },
      s2: { docs: 400, perDoc: 4, rounds: 2, durationMs: 20_000 },
      s3: { updates: 100_000, rounds: 3 },
      s4: { clients: 150, docBytes: 5 * 2 ** 20, rounds: 2 },
      s5: { observers: 100, rounds: 2, durationMs: 20_000 },
      s7: { observers: 100, rounds: 3, durationMs: 20_000 },
    }
  : {
      // Quick: the same shapes, shorter, and S4 on a 2 MB document, to stay under 5 minutes.
      s1: { observers: [100], rounds: 1, durationMs: 6_000 },
      s2: { docs: 400, perDoc: 4, rounds: 1, durationMs: 6_000 },
      s3: { updates: 100_000, rounds: 1 },
      s4: { clients: 150, docBytes: 2 * 2 ** 20, rounds: 1 },
      s5: { observers: 100, rounds: 1, durationMs: 6_000 },
      s7: { observers: 100, rounds: 1, durationMs: 6_000 },
    };

const fanoutWorkers = (clients: number) => Math.min(8, Math.max(2, Math.ceil(clients / 40)));
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main() {
  if (args.includes('--rolling')) return runRollingBench(args);
  if (args.includes('--footprint')) return runFootprintBench(args);
  if (args.includes('--city')) return runCityBench(args);
  if (args.includes('--soak')) return runSoakBench(args);
  const startedAt = new Date();
  const rows: RunRow[] = [];
  const skipped: string[] = [];
  const profiles: string[] = [];
  const targets: TargetName[] = ['ours', 'ywss', 'hocuspocus'];
  const pgProblem = await postgresAvailable();
  const redisProblem = await redisAvailable();
  const busyAtStart = await busyProcesses([process.pid]);
  log(
    `${full ? 'full' : 'quick'} set; servers: ${targets.map((t) => TARGET_LABEL[t]).join(', ')}; ${busyAtStart.count} other busy processes, load ${busyAtStart.loadavg}`,
  );

  /** One measured run; a failure becomes an invalid row, never a silent gap. */
  const attempt = async (
    what: string,
    scenario: string,
    variant: string,
    target: string,
    round: number,
    fn: () => Promise<RunRow | RunRow[]>,
  ) => {
    const busy = await busyProcesses([process.pid]);
    log(`${what} …`);
    try {
      const got = [await fn()].flat();
      for (const r of got) {
        r.metrics.busyOthers = busy.count;
        rows.push(r);
        const m = r.metrics;
        log(
          `  ${r.scenario} ${r.variant} ${r.target}: ${Object.entries(m)
            .slice(0, 8)
            .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
            .join(' ')}${r.valid ? '' : ' INVALID ' + (r.note ?? '')}`,
        );
      }
    } catch (err) {
      // First line, plus the first line of the server's output that names an error (start failures).
      const lines = (err as Error).message.split('\n');
      const cause = lines.slice(1).find((l) => /error|timeout|in time/i.test(l));
      const message = `${lines[0]}${cause ? ' ' + cause.trim() : ''}`.slice(0, 300);
      log(`  failed: ${message}`);
      rows.push({
        scenario,
        variant,
        target,
        round,
        valid: false,
        note: `failed: ${message}`,
        metrics: { busyOthers: busy.count },
      });
    }
  };
  const order = (round: number) => targets.map((_, i) => targets[(i + round - 1) % targets.length]);

  // S1 (in the quick set too), and in the full set S2 and S4, also run ours on PostgreSQL (S1 with Redis as
  // the bus, the scale-out configuration), to show how much of ours' cost is the embedded PGlite.
  const extraPg = full && targets.includes('ours') && !pgProblem;
  const withPg = async <T>(fn: (env: Record<string, string>) => Promise<T>) => {
    const fresh = await freshDatabase();
    try {
      return await fn({ DATABASE_URL: fresh.url });
    } finally {
      await fresh.drop();
    }
  };
  if (wants('S1'))
    for (const observers of P.s1.observers)
      for (let round = 1; round <= P.s1.rounds; round++) {
        const o = {
          observers,
          writers: 10,
          editsPerSec: 5,
          awarenessHz: 1,
          durationMs: P.s1.durationMs,
          workers: fanoutWorkers(observers + 10),
        };
        const variant = `${observers} observers`;
        // Ours on PostgreSQL + Redis takes its turn in the alternation: first in round 1, last in round 3.
        const runs: (TargetName | 'pg')[] = [...order(round)];
        if (targets.includes('ours') && !pgProblem && !redisProblem) runs.splice((round - 1) % (runs.length + 1), 0, 'pg');
        for (const t of runs)
          if (t === 'pg')
            await attempt(
              `S1 ${observers} observers, ours on PostgreSQL + Redis, round ${round}`,
              'S1',
              variant,
              OURS_PG,
              round,
              () =>
                withPg((env) => runFanout('ours', { ...o, env: { ...env, REDIS_URL }, label: OURS_PG }, 'S1', variant, round)),
            );
          else
            await attempt(`S1 ${observers} observers, ${t}, round ${round}`, 'S1', variant, t, round, () =>
              runFanout(t, o, 'S1', variant, round),
            );
      }

  if (wants('S2'))
    for (let round = 1; round <= P.s2.rounds; round++) {
      const o = { docs: P.s2.docs, perDoc: P.s2.perDoc, editsPerSec: 1, durationMs: P.s2.durationMs, workers: 4 };
      const variant = `${P.s2.docs} docs × ${P.s2.perDoc} clients`;
      for (const t of order(round))
        await attempt(`S2 ${P.s2.docs}×${P.s2.perDoc}, ${t}, round ${round}`, 'S2', variant, t, round, () =>
          runManyDocs(t, o, round),
        );
      if (extraPg)
        await attempt(`S2 ${P.s2.docs}×${P.s2.perDoc}, ours on PostgreSQL, round ${round}`, 'S2', variant, OURS_PG, round, () =>
          withPg((env) => runManyDocs('ours', { ...o, env, label: OURS_PG }, round)),
        );
    }

  if (wants('S4'))
    for (let round = 1; round <= P.s4.rounds; round++) {
      const o = { clients: P.s4.clients, docBytes: P.s4.docBytes, workers: 6 };
      for (const t of order(round))
        await attempt(`S4 join storm, ${t}, round ${round}`, 'S4', `${P.s4.clients} clients`, t, round, () =>
          runJoinStorm(t, o, round),
        );
      if (extraPg)
        await attempt(`S4 join storm, ours on PostgreSQL, round ${round}`, 'S4', `${P.s4.clients} clients`, OURS_PG, round, () =>
          withPg((env) => runJoinStorm('ours', { ...o, env, label: OURS_PG }, round)),
        );
    }

  const oursPg = targets.includes('ours') && !pgProblem;
  if (!targets.includes('ours')) skipped.push('S3, S5, S6, S7 (they measure ours only)');
  else if (pgProblem) skipped.push(`S3, S5, S6, S7: ${pgProblem}`);

  if (oursPg && wants('S3'))
    for (let round = 1; round <= P.s3.rounds; round++)
      await attempt(
        `S3 cold load of ${P.s3.updates} updates, round ${round}`,
        'S3',
        `${P.s3.updates} stored updates`,
        'ours',
        round,
        () => runColdLoad({ updates: P.s3.updates }, round),
      );

  if (oursPg && (wants('S5') || wants('S6')))
    for (let round = 1; round <= P.s5.rounds; round++)
      await attempt(
        `S5/S6 saved acknowledgement + storage, round ${round}`,
        'S5',
        `${P.s5.observers} observers, PostgreSQL`,
        'ours',
        round,
        () =>
          runDurable(
            {
              observers: P.s5.observers,
              writers: 10,
              editsPerSec: 5,
              awarenessHz: 1,
              durationMs: P.s5.durationMs,
              workers: fanoutWorkers(P.s5.observers + 10),
            },
            round,
          ),
      );

  if (oursPg && wants('S7')) {
    if (redisProblem) skipped.push(`S7: ${redisProblem}`);
    else
      for (let round = 1; round <= P.s7.rounds; round++)
        await attempt(`S7 two instances over Redis, round ${round}`, 'S7', 'two instances', 'ours', round, () =>
          runTwoInstances(
            {
              observers: P.s7.observers,
              writers: 10,
              editsPerSec: 5,
              awarenessHz: 1,
              durationMs: P.s7.durationMs,
              workers: fanoutWorkers(P.s7.observers + 10),
            },
            round,
          ),
        );
  }

  if (profile && targets.includes('ours')) {
    // S1, S5: 100 observers, 10 writers, 10 s; each profiled run is one server under load.
    const hundred = {
      observers: 100,
      writers: 10,
      editsPerSec: 5,
      awarenessHz: 1,
      durationMs: 10_000,
      workers: fanoutWorkers(110),
    };
    const runs: [string, () => Promise<unknown>][] = [
      ['S1, 100 observers (embedded PGlite)', () => runFanout('ours', hundred)],
      [
        'S2, 400 documents × 4 clients',
        () => runManyDocs('ours', { docs: 400, perDoc: 4, editsPerSec: 1, durationMs: 10_000, workers: 4 }),
      ],
      ['S4, join storm of 150 clients on 5 MB', () => runJoinStorm('ours', { clients: 150, docBytes: 5 * 2 ** 20, workers: 6 })],
    ];
    if (!pgProblem && !redisProblem)
      runs.push([
        'S1, 100 observers (PostgreSQL + Redis)',
        () => withPg((env) => runFanout('ours', { ...hundred, env: { ...env, REDIS_URL } })),
      ]);
    if (!pgProblem) runs.push(['S5, saved acknowledgement on PostgreSQL', () => runDurable(hundred)]);
    for (const [title, fn] of runs) {
      if (only && !only.includes(title.slice(0, 2))) continue;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'planner-bench-prof-'));
      profiling.dir = dir;
      profiling.only = ['ours'];
      log(`profile: ${title} …`);
      try {
        await fn();
        const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
        // The largest profile is the server under load (S5 starts one server; S7 is not profiled).
        const biggest = files.map((f) => path.join(dir, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
        if (biggest) profiles.push(profileMarkdown(title, biggest));
        else profiles.push(`### ${title}\n\nNo profile was written (the server did not exit normally).\n`);
      } catch (err) {
        profiles.push(`### ${title}\n\nProfile run failed: ${(err as Error).message.split('\n')[0]}\n`);
      } finally {
        profiling.dir = undefined;
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  const finishedAt = new Date();
  console.log('\n' + consoleTable(rows) + '\n');
  if (skipped.length) console.log(`Not run: ${skipped.join('; ')}\n`);
  if (write) {
    const command = `pnpm bench${args.length ? ' ' + args.join(' ') : ''}`;
    const notes = [`Code measured: ${revision()}`];
    if (startRetries)
      notes.push(`Server starts retried after Fastify's plugin timeout (PGlite opening on the busy machine): ${startRetries}`);
    writeMarkdown(out, rows, { command, full, startedAt, finishedAt, busyAtStart, skipped, profiles, notes });
    log(
      `wrote ${path.relative(process.cwd(), out) || out} (${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s)`,
    );
  }
}

/** The commit measured, and whether the working tree differed from it. */
function revision(): string {
  try {
    const rev = execSync('git rev-parse --short HEAD', {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execSync('git status --porcelain -- server shared', {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return `commit ${rev}${dirty ? ' plus uncommitted changes in server/ or shared/' : ''} (${repoRoot})`;
  } catch {
    return process.env.BENCH_REVISION ?? `a snapshot without git metadata (${repoRoot})`;
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
