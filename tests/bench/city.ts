/**
 * `pnpm bench --city` (issue 19, "the city at scale"): Dortmund after five years (city-data.ts: 500
 * storefronts in 40 quarters, 2,000 plans with 40,000 schedule entries, 10,000 comments, 300 users, 50
 * open calls with 1,500 applications) in a
 * fresh PostgreSQL database (BENCH_DATABASE_URL / DATABASE_URL; `--embedded`: PGlite in a throw-away
 * DATA_DIR), the real server (main.ts) on it, and:
 *
 * 1. HTTP load with autocannon, 100 connections for 10 s each after a warm-up: the public programme for
 *    a month, the staff dashboard's requests (as client/src/routes/(app)/dashboard asks them), the city
 *    checks (`GET /api/checks`), the storefront search with filters, and the open calls: the public list
 *    and call pages (anonymous) and the staff's ranking of a call in its jury.
 * 2. The curve of the cross-plan checks: server CPU per schedule edit, sent over the stock y-websocket
 *    client, in cities of 20, 200 and 2,000 plans (the idle CPU of an equal window subtracted).
 *
 * Options: --embedded · --curve=20,200,2000 · --duration=10 (s per load run) · --connections=100 ·
 * --edits=20 · --runs=programme,dashboard,checks,storefronts,calls,jury (which load runs; all by default) · --no-load (curve only) · --no-curve · --profile (one more server under --cpu-prof for the
 * edits in the largest city, summarised) · --profile-load (the load server itself under --cpu-prof; its
 * figures then carry the profiler's cost) · --plans=N (the load city's size, default 2000) · --keep (leave the
 * largest city's database in place and print its URL, for EXPLAIN ANALYZE; drop it yourself).
 * Other engineers share the machine: the load average is printed with the figures, which are upper bounds.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { updateScheduleEntry } from '@planner/shared/plan/index';
import type * as Y from 'yjs';
import { openSyncedDoc } from '../helpers/yjs.ts';
import { PG_URL, postgresAvailable } from './lib/backends.ts';
import { CITY_PASSWORD, cityOfPlans, FULL_CITY, type GeneratedCity } from './lib/city-data.ts';
import { cpuMeter, prepareCity, signIn, startCityServer, type CityServer, type PreparedCity } from './lib/city-server.ts';
import { summarizeProfile } from './lib/profile.ts';

const log = (line: string) => console.log(`[bench city ${new Date().toISOString().slice(11, 19)}] ${line}`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface LoadRow {
  name: string;
  target: number;
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  serverCpu: number;
  /** CPU per answered request, ms: server process and database backends. */
  perRequest: { server: number; db: number };
  load: string;
  /** Seconds the server still worked on queued requests after the run (not in serverCpu). */
  drained: number;
  /** What the errors were: connection errors, timeouts, answers other than 2xx by status. */
  errorDetail?: string;
  /** Why the run failed (its figures are then empty); the runs after it are not run when the server is gone. */
  failed?: string;
}

/** One autocannon run: every connection walks `paths` in turn. */
async function cannon(url: string, token: string, paths: string[], connections: number, seconds: number) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
  });
  return result;
}

/** The requests the staff dashboard makes (StaffPanel, WeekAhead, MissingAttendance, DeletedPlans; /api/checks apart). */
function dashboardPaths(now: number): string[] {
  // The stale panel asks once for the plans whose approval went stale (issue 19), no longer each
  // approved and published plan for its approval state.
  return [
    '/api/auth/session',
    '/api/plans?status=submitted&limit=100',
    '/api/approvals/stale',
    `/api/public/programme?from=${dayKey(now)}&to=${dayKey(now + 7 * 86_400_000)}`,
    '/api/attendance/missing?limit=50',
    '/api/plans/deleted',
  ];
}

function storefrontPaths(city: GeneratedCity, now: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const q = city.quarterIds[i % city.quarterIds.length];
    const from = new Date(now + (7 + i * 3) * 86_400_000).toISOString();
    const to = new Date(now + (21 + i * 3) * 86_400_000).toISOString();
    const area = [0, 30, 50, 80][i % 4];
    out.push(
      `/api/storefronts?quarter=${q}&freeFrom=${encodeURIComponent(from)}&freeTo=${encodeURIComponent(to)}&minArea=${area}&limit=50`,
    );
  }
  return out;
}

/**
 * Open calls (issue 16 at city scale): the public list as the /aufrufe page asks it (its JSON, and the
 * server-rendered page), the public call pages of the ten newest calls; and the staff's evaluation of a
 * call in its jury (client/src/routes/(app)/jury/[callId]/auswertung: the ranking and the decision board).
 */
function publicCallPaths(city: GeneratedCity): { list: string[]; pages: string[] } {
  const slugs = city.calls.publicSlugs.slice(-10);
  return {
    list: ['/api/public/calls', '/aufrufe'],
    pages: slugs.flatMap((s) => [`/api/public/calls/${encodeURIComponent(s)}`, `/aufrufe/${encodeURIComponent(s)}`]),
  };
}

function juryPaths(city: GeneratedCity): string[] {
  const callId = city.calls.juryCallIds[0];
  return callId ? [`/api/jury/calls/${callId}/ranking`, `/api/selection/calls/${callId}`] : [];
}

/**
 * Waits until the server has worked off what an autocannon run left queued (autocannon stops at its
 * duration, the server still answers every request it accepted): its `planner_http_requests_in_flight`
 * gauge (the internal metrics listener, which answers beside the queue) at 0 twice in a row. A health
 * check answering quickly did not prove that: on the embedded database the queries of the queued
 * requests run one after another, and the next run started behind them. Throws, naming why, when the
 * server exits or does not drain within `limitMs`. Returns the seconds it took.
 */
async function drain(server: CityServer, limitMs = 900_000): Promise<number> {
  const t0 = performance.now();
  let zeros = 0;
  let last = 'no answer yet';
  while (performance.now() - t0 < limitMs) {
    const gone = server.exited();
    if (gone) throw new Error(`the server ${gone}`);
    try {
      const res = await fetch(server.metricsUrl, { signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      const m = /^planner_http_requests_in_flight (\S+)$/m.exec(text);
      last = m ? `${m[1]} requests in flight` : `no in-flight gauge in /metrics (${res.status})`;
      zeros = m && Number(m[1]) === 0 ? zeros + 1 : 0;
      if (zeros >= 2) return (performance.now() - t0) / 1000;
    } catch (err) {
      last = `metrics unreachable: ${(err as Error).message}`;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not drain its queue in ${limitMs / 1000} s (${last})`);
}

async function loadRuns(
  server: CityServer,
  prepared: PreparedCity,
  o: { connections: number; seconds: number; runs?: string[] },
): Promise<LoadRow[]> {
  const { city } = prepared;
  const now = Date.now();
  const token = await signIn(server.url, city.staffEmail, CITY_PASSWORD);
  const all: [string, number, string[], string][] = [
    [
      'GET /api/public/programme (one month)',
      50,
      [`/api/public/programme?from=${dayKey(now)}&to=${dayKey(now + 30 * 86_400_000)}`],
      'programme',
    ],
    [`staff dashboard (${dashboardPaths(now).length} requests in turn)`, 150, dashboardPaths(now), 'dashboard'],
    ['GET /api/checks', 200, ['/api/checks'], 'checks'],
    ['GET /api/storefronts (quarter, free in a range, minimum area)', 50, storefrontPaths(city, now), 'storefronts'],
  ];
  // Open calls: the public ones without a sign-in, as a visitor asks them; the jury's evaluation as staff.
  const calls = publicCallPaths(city);
  const anonymous = new Set<string>();
  if (city.calls.publicSlugs.length) {
    all.push(['public calls list (GET /api/public/calls, GET /aufrufe), anonymous', 50, calls.list, 'calls']);
    all.push([
      `public call pages (${calls.pages.length / 2} calls, JSON and /aufrufe/<slug>), anonymous`,
      50,
      calls.pages,
      'calls',
    ]);
    anonymous.add(all.at(-2)![0]).add(all.at(-1)![0]);
  }
  if (juryPaths(city).length)
    all.push(['staff ranking of a call in its jury (GET …/ranking, GET /api/selection/calls/:id)', 150, juryPaths(city), 'jury']);
  const runs = all.filter(([, , , key]) => !o.runs || o.runs.includes(key));
  const rows: LoadRow[] = [];
  const meter = cpuMeter(server.pid, prepared, PG_URL);
  for (const [name, target, paths] of runs) {
    try {
      rows.push(await oneRun(server, meter, name, target, paths, anonymous.has(name) ? '' : token, o));
    } catch (err) {
      const failed = (err as Error).message.slice(0, 2000);
      log(`${name}: FAILED: ${failed}`);
      rows.push({
        name,
        target,
        p50: NaN,
        p99: NaN,
        rps: NaN,
        requests: 0,
        errors: NaN,
        serverCpu: NaN,
        perRequest: { server: NaN, db: NaN },
        load: load(),
        drained: NaN,
        failed,
      });
      // A server that is gone fails every later run the same way: say so once, do not run them.
      if (server.exited()) {
        for (const [rest, t] of runs.slice(runs.findIndex(([n]) => n === name) + 1))
          rows.push({ ...rows.at(-1)!, name: rest, target: t, failed: 'not run: the server had exited' });
        break;
      }
    }
  }
  return rows;
}

/** autocannon's errors by kind: connection errors, timeouts (no answer within 10 s), status codes other than 2xx. */
function errorDetail(r: autocannon.Result): string {
  const codes = Object.entries((r as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, v]) => `${v.count}× ${code}`);
  return [`${r.errors - r.timeouts} connection errors`, `${r.timeouts} timeouts`, ...codes].join(', ');
}

/** One load run: a check that each request answers 200, a warm-up, the drain, the measured run and the drain after it. */
async function oneRun(
  server: CityServer,
  meter: ReturnType<typeof cpuMeter>,
  name: string,
  target: number,
  paths: string[],
  bearer: string,
  o: { connections: number; seconds: number },
): Promise<LoadRow> {
  for (const p of paths.slice(0, 8)) {
    const res = await fetch(server.url + p, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
  await cannon(server.url, bearer, paths, 10, 3);
  await drain(server);
  const l = load();
  const m = await meter.start();
  const r = await cannon(server.url, bearer, paths, o.connections, o.seconds);
  const cpu = await m.stop();
  const drained = await drain(server);
  const row: LoadRow = {
    name,
    target,
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    requests: r.requests.total,
    // autocannon counts a timeout as an error too.
    errors: r.errors + r.non2xx,
    serverCpu: cpu.server + cpu.db,
    // NaN (printed as such) when no request was answered in time.
    perRequest: {
      server: (cpu.server * 1000) / r.requests.total,
      db: (cpu.db * 1000) / r.requests.total,
    },
    load: l,
    drained,
    errorDetail: errorDetail(r),
  };
  log(
    `${name}: p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.rps.toFixed(0)} req/s, ${row.requests} requests, ${row.errors} errors${row.errors ? ` (${row.errorDetail})` : ''}, CPU ${cpu.server.toFixed(1)} s server + ${cpu.db.toFixed(1)} s db (${row.perRequest.server.toFixed(1)} + ${row.perRequest.db.toFixed(1)} ms a request)${drained >= 1 ? `, ${drained.toFixed(0)} s to work off the queue after the run (not in the CPU)` : ''}; load ${l}`,
  );
  return row;
}

interface CurvePoint {
  plans: number;
  active: number;
  edits: number;
  serverMsPerEdit: number;
  dbMsPerEdit: number;
  idleServerMs: number;
  load: string;
  /** The edits' window on the monotonic clock (µs), for the profile. */
  window: { fromUs: number; toUs: number };
}

/**
 * Schedule edits over the stock client: one every `gapMs` (more than the checks' 300 ms debounce, so
 * each edit runs the checks once), each moving one entry's end by 15 minutes. CPU over the edits minus
 * the CPU of an idle window of the same length just before (client connected, nothing sent).
 */
async function editCurve(server: CityServer, prepared: PreparedCity, edits: number, gapMs = 1000): Promise<CurvePoint> {
  const { city } = prepared;
  const token = await signIn(server.url, city.staffEmail, CITY_PASSWORD);
  const plan =
    city.activePlans.find((p) => p.status === 'published' && p.entryIds.length > 3) ??
    city.activePlans.find((p) => p.entryIds.length > 3) ??
    city.activePlans[0];
  if (!plan) throw new Error('the city has no active plan to edit');
  const client = await openSyncedDoc(server.wsUrl, plan.id, { token, ack: true, timeoutMs: 30_000 });
  try {
    // One edit first: loads what the first edit loads (caches, prepared statements), not counted.
    const edit = (i: number) => {
      const id = plan.entryIds[2 + (i % (plan.entryIds.length - 3))];
      const entry = client.doc.getMap('schedule').get(id) as Y.Map<unknown>;
      const end = Date.parse(entry.get('end') as string) + (i % 2 ? -15 : 15) * 60_000;
      updateScheduleEntry(client.doc, id, { end: new Date(end).toISOString() });
    };
    edit(0);
    await new Promise((r) => setTimeout(r, 3000));
    const meter = cpuMeter(server.pid, prepared, PG_URL);
    const idle = await meter.start();
    await new Promise((r) => setTimeout(r, edits * gapMs + 1500));
    const idleCpu = await idle.stop();
    const l = load();
    const busy = await meter.start();
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    for (let i = 1; i <= edits; i++) {
      edit(i);
      await new Promise((r) => setTimeout(r, gapMs));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const cpu = await busy.stop();
    const point: CurvePoint = {
      plans: city.counts.plans,
      active: city.activePlans.length,
      edits,
      serverMsPerEdit: ((cpu.server - idleCpu.server) * 1000) / edits,
      dbMsPerEdit: ((cpu.db - idleCpu.db) * 1000) / edits,
      idleServerMs: idleCpu.server * 1000,
      load: l,
      window: { fromUs, toUs },
    };
    log(
      `${point.plans} plans (${point.active} active): ${point.serverMsPerEdit.toFixed(1)} ms server CPU per edit, ${point.dbMsPerEdit.toFixed(1)} ms database CPU per edit (idle window ${point.idleServerMs.toFixed(0)} ms); load ${l}`,
    );
    return point;
  } finally {
    client.close();
  }
}

export async function runCityBench(args: string[]): Promise<void> {
  const opt = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const embedded = args.includes('--embedded');
  const backend = embedded ? 'embedded' : 'postgres';
  const curve = opt('curve', '20,200,2000').split(',').map(Number);
  const seconds = Number(opt('duration', '10'));
  const connections = Number(opt('connections', '100'));
  const edits = Number(opt('edits', '20'));
  const loadPlans = Number(opt('plans', String(FULL_CITY.plans)));
  const runs = args.some((a) => a.startsWith('--runs=')) ? opt('runs', '').split(',') : undefined;
  if (!embedded) {
    const problem = await postgresAvailable();
    if (problem) throw new Error(`${problem} (or run with --embedded)`);
  }
  const startedAt = new Date();
  log(`backend ${backend}; ${os.cpus().length} cores; load ${load()}`);

  const sizes = [
    ...new Set([...(args.includes('--no-curve') ? [] : curve), ...(args.includes('--no-load') ? [] : [loadPlans])]),
  ].sort((a, b) => a - b);
  const loadRows: LoadRow[] = [];
  const points: CurvePoint[] = [];
  const generated: string[] = [];
  let profile = '';
  for (const plans of sizes) {
    const size = plans === FULL_CITY.plans ? FULL_CITY : cityOfPlans(plans);
    log(`generating a city of ${plans} plans …`);
    const prepared = await prepareCity(size, backend, log);
    const c = prepared.city;
    generated.push(
      `${plans} plans: ${Object.entries(c.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')} in ${(c.ms / 1000).toFixed(1)} s`,
    );
    log(generated.at(-1)!);
    try {
      // --profile-load: the load server under --cpu-prof (one profile over all four request mixes).
      const loadProfileDir =
        args.includes('--profile-load') && plans === loadPlans
          ? mkdtempSync(path.join(os.tmpdir(), 'planner-city-prof-'))
          : undefined;
      const server = await startCityServer(prepared.env, loadProfileDir);
      try {
        if (curve.includes(plans) && !args.includes('--no-curve')) points.push(await editCurve(server, prepared, edits));
        if (plans === loadPlans && !args.includes('--no-load'))
          loadRows.push(...(await loadRuns(server, prepared, { connections, seconds, runs })));
      } finally {
        await server.stop();
      }
      if (loadProfileDir) {
        profile += profileSummary(loadProfileDir, 'start-up, sign-in and the four load runs with their warm-ups');
        rmSync(loadProfileDir, { recursive: true, force: true });
      }
      if (args.includes('--profile') && plans === sizes.at(-1)) profile += await profileEdits(prepared, edits);
    } finally {
      if (args.includes('--keep') && plans === sizes.at(-1))
        log(`kept the city's database: ${prepared.env.DATABASE_URL || prepared.env.DATA_DIR}`);
      else await prepared.dispose();
    }
  }
  console.log(report({ backend, startedAt, generated, loadRows, points, profile, seconds, connections }));
}

/** The edits of the largest city once more, on a server under --cpu-prof; its self time by place and function. */
async function profileEdits(prepared: PreparedCity, edits: number): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planner-city-prof-'));
  try {
    const server = await startCityServer(prepared.env, dir);
    let point: CurvePoint;
    try {
      point = await editCurve(server, prepared, edits);
    } finally {
      await server.stop();
    }
    return (
      profileSummary(dir, `start-up, sign-in and ${edits + 1} edits`) +
      '\n' +
      profileSummary(
        dir,
        `the ${edits} measured edits only (${point.serverMsPerEdit.toFixed(1)} ms server CPU per edit by /proc in this run)`,
        point.window,
        edits,
      )
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's profile in `dir`: self time by place and by function. */
function profileSummary(dir: string, over: string, window?: CurvePoint['window'], edits?: number): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return 'No profile was written.\n';
  const s = summarizeProfile(path.join(dir, file), 15, window);
  const perEdit = edits
    ? ` (${(s.totalMs / edits).toFixed(2)} ms per edit: busy wall time, on a loaded machine more than CPU)`
    : '';
  return [
    `${(s.totalMs / 1000).toFixed(2)} s of non-idle samples in the server's main thread over ${over}${perEdit}.`,
    '',
    '| where (self time) | ms |',
    '|---|---:|',
    ...s.byPlace.map(([k, v]) => `| ${k} | ${v.toFixed(0)} |`),
    '',
    '| function (self time) | ms |',
    '|---|---:|',
    ...s.byFunction.map(([k, v]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${v.toFixed(0)} |`),
    '',
    ...(window
      ? [
          '| ours, inclusive (time under the function) | ms | per edit |',
          '|---|---:|---:|',
          ...s.inclusive.map(
            ([k, v]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${v.toFixed(0)} | ${edits ? (v / edits).toFixed(2) : ''} |`,
          ),
          '',
        ]
      : []),
  ].join('\n');
}

function report(r: {
  backend: string;
  startedAt: Date;
  generated: string[];
  loadRows: LoadRow[];
  points: CurvePoint[];
  profile: string;
  seconds: number;
  connections: number;
}): string {
  const ok = (met: boolean) => (met ? 'met' : '**missed**');
  return [
    '',
    `City at scale (${r.startedAt.toISOString().slice(0, 16)}Z, ${r.backend}, ${os.cpus().length} cores, Node ${process.version}):`,
    '',
    ...r.generated.map((g) => `- ${g}`),
    '',
    ...(r.loadRows.length
      ? [
          `autocannon, ${r.connections} connections, ${r.seconds} s after a 3 s warm-up, staff bearer token (the public calls without one):`,
          '',
          '| requests | p50 | p99 | req/s | requests | errors | CPU (server + db) | CPU per request (server + db) | load (1/5/15 min) | target p99 | |',
          '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |',
          ...r.loadRows.map((x) =>
            x.failed
              ? `| ${x.name} | | | | | | | | ${x.load} | ≤ ${x.target} ms | **failed**: ${x.failed.replace(/\|/g, '\\|').replace(/\s+/g, ' ')} |`
              : `| ${x.name} | ${x.p50} ms | ${x.p99} ms | ${x.rps.toFixed(0)} | ${x.requests} | ${x.errors}${x.errors ? ` (${x.errorDetail})` : ''} | ${x.serverCpu.toFixed(1)} s | ${x.perRequest.server.toFixed(1)} + ${x.perRequest.db.toFixed(1)} ms | ${x.load} | ≤ ${x.target} ms | ${ok(x.p99 <= x.target && x.errors === 0)} |`,
          ),
          '',
        ]
      : []),
    ...(r.points.length
      ? [
          'Cross-plan checks after one schedule edit (stock y-websocket client, one edit a second, idle CPU subtracted):',
          '',
          '| plans in the city | active plans | edits | server CPU per edit | database CPU per edit | load | target ≤ 5 ms |',
          '| ---: | ---: | ---: | ---: | ---: | --- | --- |',
          ...r.points.map(
            (p) =>
              `| ${p.plans} | ${p.active} | ${p.edits} | ${p.serverMsPerEdit.toFixed(1)} ms | ${r.backend === 'postgres' ? `${p.dbMsPerEdit.toFixed(1)} ms` : 'in the server (PGlite)'} | ${p.load} | ${ok(p.serverMsPerEdit <= 5)} |`,
          ),
          '',
        ]
      : []),
    ...(r.profile ? ['Profiles of the server in the largest city:', '', r.profile, ''] : []),
  ].join('\n');
}
