/**
 * `pnpm bench --soak` (issue 19): a long run of ours with clients joining and leaving, for memory growth,
 * delivery and durability across a restart.
 *
 * Load: `--clients` (50) light clients on `--docs` (20) documents for `--minutes` (20). Each client
 * edits with real Yjs updates (a Y.Array push from its own small Y.Doc carrying a marker, as in S1) at
 * a random interval of 1–2 s, and observes every other client's markers. Every `--churn-s` (3) seconds
 * one random client leaves and a new one joins the document that has the fewest clients. Every client
 * connects with `?ack=1`, so ours tells it which of its edits are durable.
 *
 * Memory: the resident memory of the server process and its descendants (tsx's esbuild; the embedded
 * PGlite runs inside the server process) every 5 s. Growth compares the mean of the samples in the 30 s
 * before the warm-up ends (`--warmup-s`, 120; a fifth of the run when that is shorter than 10 min) with
 * the mean of the last 30 s of load. On `--pg` the PostgreSQL backends serving the run's database are
 * sampled too (shown apart: their RSS counts shared buffers once per backend) and Redis is not ours.
 *
 * Delivery (undelivered edits): an edit counts once it was put on an open socket by a client whose
 * sync had completed. It must reach every other client on that document that had completed its sync
 * before the edit was sent and stayed connected until at least `--grace-s` (10) seconds after it was
 * sent (a client that leaves is checked when it leaves; the rest after the load stops and the grace
 * has passed). Edits sent less than the grace before a client left are not expected of it. A client
 * that missed an edit by then stays connected (no longer editing, no longer a member) for
 * `--late-watch-s` (30) more: an edit that arrives meanwhile counts as late, one that does not as
 * undelivered (as does an edit missed by a client the server closed). For each of the first five misses
 * the report says whether the other clients of the document received it (if they did, the server had it).
 *
 * Memory by part: besides the RSS, the harness reads /proc/<pid>/smaps of the server process (mapped
 * files, malloc's arenas, WebAssembly memories, other anonymous memory) and the server writes its own
 * process.memoryUsage() and V8 heap statistics by space to a file every 5 s (BENCH_MEM_FILE,
 * targets/ours-server.ts); the report shows each part's mean in the two windows the growth compares.
 *
 * Durability (lost after restart): after the load and a grace for acknowledgements, every client
 * leaves and the server is killed with SIGKILL (`--restart=term` sends SIGTERM instead); a new server
 * starts on the same DATA_DIR (or database), a fresh client loads each document, and every edit that
 * had been acknowledged as durable must be in it.
 *
 * Options: --minutes=N · --embedded (default; PGlite in a temporary DATA_DIR) · --pg (PostgreSQL +
 * Redis: a fresh database next to BENCH_DATABASE_URL / DATABASE_URL, dropped afterwards) ·
 * --heap-snapshots (the server writes a V8 heap snapshot at the warm-up's end and at the end, after
 * the memory windows were sampled; the folder is printed and kept).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { freshDatabase, postgresAvailable, REDIS_URL, redisAvailable, type FreshDb } from './lib/backends.ts';
import { LightClient } from './lib/clients.ts';
import { cpuSeconds, mappingBreakdown, treeRss, type MappingBreakdown } from './lib/proc-stats.ts';
import { docUrl, startTarget, type RunningTarget } from './lib/target.ts';
import { serverWarnings } from './scenarios/s1-fanout.ts';
import { sleep } from './lib/stats.ts';
import * as wire from './lib/wire.ts';

const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const MB = 2 ** 20;
const load1 = () => os.loadavg()[0];

interface Edit {
  writer: string;
  seq: number;
  at: number;
}

interface Member {
  id: string;
  doc: string;
  c: LightClient;
  syncedAt: number;
  /** When it left or was checked at the end (its socket may stay open a while longer, see lateWatchS). */
  leftAt?: number;
  /** Arrival time of every edit it received, by `writer:seq`. */
  arrived: Map<string, number>;
  leaving: boolean;
  timer?: NodeJS.Timeout;
}

/** An edit a client had not received by the time it was checked. */
interface Miss {
  m: Member;
  e: Edit;
  until: number;
}

interface Sample {
  t: number;
  /** The server process and its descendants. */
  server: number;
  /** The server process alone. */
  root: number;
  maps: MappingBreakdown | null;
  db: number;
  load: number;
}

/** One line of the server's own memory report (BENCH_MEM_FILE, tests/bench/targets/ours-server.ts). */
interface ServerMemory {
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  v8Physical: number;
  v8Malloced: number;
  spaces: Record<string, number>;
}

/** One row of the memory breakdown: a part's mean in the warm-up window and in the end window (MB). */
export interface MemoryPart {
  part: string;
  warmupMB: number;
  endMB: number;
}

export interface SoakOptions {
  minutes: number;
  warmupS: number;
  clients: number;
  docs: number;
  churnS: number;
  graceS: number;
  /** How long a client that missed edits stays connected after its check, to tell late from never. */
  lateWatchS: number;
  backend: 'embedded' | 'pg';
  restartSignal: 'SIGKILL' | 'SIGTERM';
  heapSnapshots: boolean;
}

export interface SoakResult {
  backend: string;
  minutes: number;
  rssWarmupMB: number;
  rssEndMB: number;
  growthPct: number;
  rssMinMB: number;
  rssMaxMB: number;
  dbWarmupMB: number;
  dbEndMB: number;
  edits: number;
  expectedDeliveries: number;
  undelivered: number;
  /** Missed within the grace but received before the late watch ended. */
  late: number;
  /** The latest such arrival, seconds after the edit was sent. */
  lateMaxS: number;
  duplicates: number;
  joins: number;
  leaves: number;
  joinErrors: number;
  unexpectedCloses: number;
  acknowledged: number;
  unacknowledged: number;
  lostAfterRestart: number;
  unackedMissingAfterRestart: number;
  restartSignal: string;
  cpuS: number;
  cpuMsPerEdit: number;
  loadMean: number;
  loadMax: number;
  serverWarnings: number;
  heapSnapshotDir?: string;
  memory: MemoryPart[];
}

const arg = (args: string[], name: string, dflt: number) => {
  const v = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return v === undefined ? dflt : Number(v);
};

export function soakOptions(args: string[]): SoakOptions {
  const minutes = arg(args, 'minutes', 20);
  return {
    minutes,
    warmupS: arg(args, 'warmup-s', minutes >= 10 ? 120 : Math.round((minutes * 60) / 5)),
    clients: arg(args, 'clients', 50),
    docs: arg(args, 'docs', 20),
    churnS: arg(args, 'churn-s', 3),
    graceS: arg(args, 'grace-s', 10),
    lateWatchS: arg(args, 'late-watch-s', 30),
    backend: args.includes('--pg') ? 'pg' : 'embedded',
    restartSignal: args.includes('--restart=term') ? 'SIGTERM' : 'SIGKILL',
    heapSnapshots: args.includes('--heap-snapshots'),
  };
}

/** RSS of the PostgreSQL backends connected to `db` (readable when the bench runs as root or as postgres). */
async function backendsRss(db: FreshDb | undefined): Promise<number> {
  if (!db) return 0;
  const { rows } = await db.client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [db.name],
  );
  let sum = 0;
  for (const r of rows) {
    try {
      sum += Number(readFileSync(`/proc/${r.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0) * 1024;
    } catch {
      // not on this host or gone
    }
  }
  return sum;
}

/** Waits until `count` heap snapshots are in `dir` and their sizes stopped changing (at most 3 min). */
async function snapshotsWritten(dir: string, count: number) {
  let before = '';
  for (let i = 0; i < 90; i++) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
    const bytes = files.map((f) => statSync(path.join(dir, f)).size);
    const sizes = files.map((f, i) => `${f}:${bytes[i]}`).join(',');
    // A snapshot's file appears empty first and grows while V8 writes it.
    if (files.length >= count && bytes.every((b) => b > 0) && sizes === before) return;
    before = sizes;
    await sleep(2000);
  }
  log(`heap snapshots in ${dir} may be incomplete`);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

function readServerMemory(file: string): ServerMemory[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // Line by line: the server is killed (SIGKILL) before the file is read, so a last line may be cut.
  return text.split('\n').flatMap((l) => {
    try {
      return l ? [JSON.parse(l) as ServerMemory] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The server's memory by part, as means over the warm-up window and the end window: from outside
 * (/proc/<pid>/smaps: mapped files, malloc's arenas, WebAssembly memories, other anonymous memory)
 * and from inside (V8's heap by space, ArrayBuffers; BENCH_MEM_FILE). "Not V8's heap" is the
 * anonymous memory (all but mapped files and WebAssembly) less V8's heap pages: malloc (ArrayBuffers
 * included), thread stacks and what allocators keep free.
 */
function memoryParts(samples: Sample[], inside: ServerMemory[], warm: [number, number], last: [number, number]): MemoryPart[] {
  const rows: MemoryPart[] = [];
  const outer = (part: string, f: (s: Sample) => number | undefined) => {
    const at = ([a, b]: [number, number]) =>
      mean(samples.filter((s) => s.t >= a && s.t <= b).flatMap((s) => (f(s) === undefined ? [] : [f(s)!]))) / MB;
    rows.push({ part, warmupMB: at(warm), endMB: at(last) });
  };
  const inner = (part: string, f: (m: ServerMemory) => number) => {
    const at = ([a, b]: [number, number]) => mean(inside.filter((m) => m.t >= a && m.t <= b).map(f)) / MB;
    rows.push({ part, warmupMB: at(warm), endMB: at(last) });
  };
  outer('server process and descendants (the RSS above)', (s) => s.server);
  outer('descendants (tsx’s esbuild service)', (s) => s.server - s.root);
  outer('server process (smaps)', (s) => s.maps?.rss);
  outer('· mapped files (node binary, libraries)', (s) => s.maps?.file);
  outer('· malloc main arena ([heap])', (s) => s.maps?.brk);
  outer('· malloc other arenas (64 MiB heaps)', (s) => s.maps?.arenas);
  outer('· WebAssembly memories', (s) => s.maps?.wasm);
  outer('· other anonymous (V8 pages, mmap’d blocks, stacks)', (s) => s.maps?.otherAnon);
  inner('V8 heap, resident (all spaces)', (m) => m.v8Physical);
  const spaceOf = (m: ServerMemory, names: string[]) => names.reduce((n, k) => n + (m.spaces[k] ?? 0), 0);
  inner('· new space (young generation)', (m) => spaceOf(m, ['new_space', 'new_large_object_space']));
  inner('· old space', (m) => spaceOf(m, ['old_space']));
  inner('· code', (m) => spaceOf(m, ['code_space', 'code_large_object_space']));
  inner('· large objects', (m) => spaceOf(m, ['large_object_space']));
  inner('· maps and other spaces', (m) =>
    Object.entries(m.spaces)
      .filter(
        ([k]) => !/^(new_space|new_large_object_space|old_space|code_space|code_large_object_space|large_object_space)$/.test(k),
      )
      .reduce((n, [, v]) => n + v, 0),
  );
  inner('V8 heap, live objects (heapUsed)', (m) => m.heapUsed);
  inner('ArrayBuffers and Buffers (arrayBuffers)', (m) => m.arrayBuffers);
  inner('other external (external − arrayBuffers)', (m) => m.external - m.arrayBuffers);
  inner('V8’s own malloc (malloced_memory)', (m) => m.v8Malloced);
  // Not V8's heap: joins the two views by time (each server line with the harness sample nearest to it).
  const joined = inside.flatMap((m) => {
    const s = samples.reduce<Sample | undefined>(
      (best, x) => (!best || Math.abs(x.t - m.t) < Math.abs(best.t - m.t) ? x : best),
      undefined,
    );
    return s?.maps && Math.abs(s.t - m.t) <= 5000 ? [{ t: m.t, v: s.maps.rss - s.maps.file - s.maps.wasm - m.v8Physical }] : [];
  });
  const at = ([a, b]: [number, number]) => mean(joined.filter((j) => j.t >= a && j.t <= b).map((j) => j.v)) / MB;
  rows.push({
    part: 'anonymous memory not in V8’s heap (malloc incl. ArrayBuffers, stacks, free)',
    warmupMB: at(warm),
    endMB: at(last),
  });
  return rows;
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  let db: FreshDb | undefined;
  let dataDir: string | undefined;
  let heapDir: string | undefined;
  let server: RunningTarget | undefined;
  const members = new Set<Member>();
  const watching = new Set<Member>();
  const memDir = mkdtempSync(path.join(os.tmpdir(), 'planner-soak-mem-'));
  const memFile = path.join(memDir, 'memory.jsonl');
  try {
    const env: Record<string, string> = {};
    if (o.backend === 'pg') {
      const problem = (await postgresAvailable()) ?? (await redisAvailable());
      if (problem) throw new Error(problem);
      db = await freshDatabase();
      env.DATABASE_URL = db.url;
      env.REDIS_URL = REDIS_URL;
    } else {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'planner-soak-'));
      env.DATA_DIR = dataDir;
    }
    if (o.heapSnapshots) {
      heapDir = mkdtempSync(path.join(os.tmpdir(), 'planner-soak-heap-'));
      env.NODE_OPTIONS = `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${heapDir}`;
    }
    server = await startTarget('ours', { ...env, BENCH_MEM_FILE: memFile, BENCH_MEM_EVERY_MS: '5000' }, 300_000);
    const srv = server;
    log(`${o.backend}: server pid ${srv.pid} on port ${srv.port}; load ${load1().toFixed(2)}`);

    const run = Date.now().toString(36);
    const docs = Array.from({ length: o.docs }, (_, i) => `soak-${run}-${i}`);
    const editsByDoc = new Map<string, Edit[]>(docs.map((d) => [d, []]));
    const acked = new Map<string, Set<number>>();
    const sentBy = new Map<string, { doc: string; sent: number }>();
    let nextId = 0;
    let joins = 0;
    let leaves = 0;
    let joinErrors = 0;
    let unexpectedCloses = 0;
    let expectedDeliveries = 0;
    let duplicates = 0;
    const misses: Miss[] = [];
    const everyone: Member[] = [];
    const watches: Promise<void>[] = [];
    let loadRunning = false;
    let t0 = Date.now();

    /**
     * Checks what `m` should have received by `until` (it was connected from its sync to `until`);
     * returns how many edits it missed (recorded in `misses`).
     */
    const settle = (m: Member, until: number) => {
      duplicates += m.c.duplicates;
      m.leftAt = until;
      let missed = 0;
      for (const e of editsByDoc.get(m.doc)!) {
        if (e.writer === m.id || e.at <= m.syncedAt || e.at + o.graceS * 1000 > until) continue;
        expectedDeliveries++;
        if (!m.arrived.has(`${e.writer}:${e.seq}`)) {
          missed++;
          misses.push({ m, e, until });
        }
      }
      return missed;
    };

    /**
     * A client that missed edits stays connected (not editing, no longer counted as a member) for
     * `lateWatchS` more, so a late delivery (the machine is shared and may stall the server for
     * seconds) is told apart from an edit that never comes; then it closes.
     */
    const closeAfterWatch = (m: Member) => {
      watching.add(m);
      watches.push(
        sleep(o.lateWatchS * 1000).then(() => {
          watching.delete(m);
          m.c.close();
        }),
      );
    };

    const scheduleEdit = (m: Member) => {
      m.timer = setTimeout(
        () => {
          if (!loadRunning || m.leaving) return;
          if (m.c.ws.readyState === m.c.ws.OPEN) {
            const seq = m.c.sent;
            m.c.edit();
            editsByDoc.get(m.doc)!.push({ writer: m.id, seq, at: wire.nowMs() });
            sentBy.get(m.id)!.sent++;
          }
          scheduleEdit(m);
        },
        1000 + Math.random() * 1000,
      );
    };

    const join = async (doc: string) => {
      const id = `c${nextId++}`;
      const mine = new Set<number>();
      acked.set(id, mine);
      sentBy.set(id, { doc, sent: 0 });
      const arrived = new Map<string, number>();
      const sink = {
        onMarker: (_o: LightClient, writer: string, seq: number, _sentAt: number, at: number) =>
          void arrived.set(`${writer}:${seq}`, at),
        onAck: (_ms: number, seq: number) => void mine.add(seq),
      };
      const c = new LightClient('y-websocket', `${docUrl('ours', srv.wsBase, doc)}?ack=1`, doc, id, sink, true);
      try {
        await c.connect(60_000);
      } catch (err) {
        joinErrors++;
        log(`join ${id} failed: ${(err as Error).message}`);
        c.close();
        return;
      }
      const m: Member = { id, doc, c, syncedAt: c.syncedAt, arrived, leaving: false };
      members.add(m);
      everyone.push(m);
      joins++;
      c.ws.on('close', () => {
        if (m.leaving) return;
        // Dropped by the server or the network: checked up to now, then replaced.
        unexpectedCloses++;
        m.leaving = true;
        clearTimeout(m.timer);
        members.delete(m);
        settle(m, wire.nowMs());
        log(`${id} on ${doc} closed unexpectedly`);
        if (loadRunning) void join(doc);
      });
      if (loadRunning) scheduleEdit(m);
    };

    const leave = (m: Member) => {
      m.leaving = true;
      clearTimeout(m.timer);
      members.delete(m);
      if (settle(m, wire.nowMs())) closeAfterWatch(m);
      else m.c.close();
      leaves++;
    };

    const emptiest = () => {
      const count = new Map(docs.map((d) => [d, 0]));
      for (const m of members) count.set(m.doc, count.get(m.doc)! + 1);
      const min = Math.min(...count.values());
      const cands = docs.filter((d) => count.get(d) === min);
      return cands[Math.floor(Math.random() * cands.length)];
    };

    // Initial population: every document gets clients in turn (50 on 20: 2 or 3 each).
    for (let i = 0; i < o.clients; i += 5)
      await Promise.all(Array.from({ length: Math.min(5, o.clients - i) }, (_, k) => join(docs[(i + k) % docs.length])));
    log(`${members.size} clients on ${docs.length} documents; load starts`);

    // Load, churn and sampling.
    const samples: Sample[] = [];
    t0 = Date.now();
    const warmupEnd = t0 + o.warmupS * 1000;
    const end = t0 + o.minutes * 60_000;
    const cpu0 = cpuSeconds(srv.pid);
    loadRunning = true;
    for (const m of members) scheduleEdit(m);
    const churn = setInterval(() => {
      const list = [...members];
      if (!list.length) return;
      leave(list[Math.floor(Math.random() * list.length)]);
      void join(emptiest());
    }, o.churnS * 1000);
    const sample = async () => {
      const tree = treeRss(srv.pid);
      const maps = mappingBreakdown(srv.pid);
      samples.push({
        t: Date.now(),
        server: tree.total,
        root: tree.root,
        maps,
        db: await backendsRss(db).catch(() => 0),
        load: load1(),
      });
    };
    let warmSnap = false;
    let lastLog = Date.now();
    while (Date.now() < end) {
      await sample();
      if (o.heapSnapshots && !warmSnap && Date.now() >= warmupEnd) {
        warmSnap = true;
        process.kill(srv.pid, 'SIGUSR2');
        log('heap snapshot (warm-up end) requested');
      }
      if (Date.now() - lastLog >= 60_000) {
        lastLog = Date.now();
        const s = samples[samples.length - 1];
        const sent = [...editsByDoc.values()].reduce((n, l) => n + l.length, 0);
        log(
          `${((Date.now() - t0) / 60_000).toFixed(1)} min: server ${(s.server / MB).toFixed(0)} MB${db ? `, PG backends ${(s.db / MB).toFixed(0)} MB` : ''}; ${members.size} clients, ${sent} edits, ${misses.length} missed within the grace so far; load ${s.load.toFixed(2)}`,
        );
      }
      await sleep(Math.min(5000, Math.max(0, end - Date.now())));
    }
    await sample();
    loadRunning = false;
    clearInterval(churn);
    for (const m of members) clearTimeout(m.timer);
    const cpuS = cpuSeconds(srv.pid) - cpu0;
    if (o.heapSnapshots) {
      process.kill(srv.pid, 'SIGUSR2');
      log('heap snapshot (end) requested');
    }
    const edits = [...editsByDoc.values()].reduce((n, l) => n + l.length, 0);
    log(`load stopped after ${edits} edits; waiting ${o.graceS} s for deliveries and acknowledgements`);
    await sleep(o.graceS * 1000);
    const now = wire.nowMs();
    for (const m of [...members]) {
      m.leaving = true;
      members.delete(m);
      if (settle(m, now)) closeAfterWatch(m);
      else m.c.close();
    }
    if (watching.size) log(`${misses.length} edits missed within the grace; watching ${o.lateWatchS} s for late deliveries`);
    await Promise.all(watches);
    // Late or never: what each client that missed an edit received by the end of its watch.
    let late = 0;
    let lateMax = 0;
    let undelivered = 0;
    const missNotes: string[] = [];
    for (const { m, e, until } of misses) {
      const key = `${e.writer}:${e.seq}`;
      const at = m.arrived.get(key);
      if (at !== undefined) {
        late++;
        lateMax = Math.max(lateMax, at - e.at);
      } else undelivered++;
      if (missNotes.length < 5) {
        // Did the others on the document that had to receive it get it? (all of them: the server sent it)
        const others = everyone.filter(
          (x) =>
            x !== m &&
            x.doc === m.doc &&
            x.id !== e.writer &&
            x.syncedAt < e.at &&
            (x.leftAt ?? Infinity) >= e.at + o.graceS * 1000,
        );
        const got = others.filter((x) => x.arrived.has(key)).length;
        const acks = acked.get(e.writer)?.has(e.seq) ? 'acknowledged' : 'not acknowledged';
        const s = (ms: number) => `${((ms - t0) / 1000).toFixed(1)} s`;
        missNotes.push(
          `${m.id} on ${m.doc} (synced ${s(m.syncedAt)}, checked ${s(until)}) missed ${key} sent at ${s(e.at)}, ${acks}; ` +
            (at !== undefined ? `arrived late, ${((at - e.at) / 1000).toFixed(1)} s after it was sent` : `never arrived`) +
            `; ${got} of ${others.length} other clients that had to receive it did; ${m.arrived.size} received`,
        );
      }
    }
    const acknowledged = [...acked.values()].reduce((n, s) => n + s.size, 0);
    const warnings = serverWarnings(srv.output());
    const byText = new Map<string, number>();
    for (const w of warnings) byText.set(w, (byText.get(w) ?? 0) + 1);
    // With the error of the warning's first occurrence (its `err.message`), so a cause shows in the report.
    const errorOf = (msg: string) => {
      for (const l of srv.output().split('\n')) {
        if (!l.includes(msg)) continue;
        try {
          const e = (JSON.parse(l) as { err?: { message?: string; code?: string } }).err;
          if (e?.message) return ` (first: ${e.code ? `${e.code} ` : ''}${e.message.slice(0, 160)})`;
        } catch {
          // not a JSON log line
        }
      }
      return '';
    };
    for (const [w, n] of [...byText].sort((a, b) => b[1] - a[1]).slice(0, 5)) log(`server warned ${n}×: ${w}${errorOf(w)}`);

    if (heapDir) await snapshotsWritten(heapDir, 2);

    // Restart on the same data and load every document with a fresh client.
    log(`stopping the server with ${o.restartSignal}`);
    if (o.restartSignal === 'SIGKILL') process.kill(srv.pid, 'SIGKILL');
    await srv.stop();
    server = await startTarget('ours', { ...env, NODE_OPTIONS: '' }, 300_000);
    const again = server;
    const present = new Set<string>();
    for (const doc of docs) {
      const ydoc = new Y.Doc();
      const c = new LightClient('y-websocket', docUrl('ours', again.wsBase, doc), doc, `check-${doc}`, null);
      c.onFrame = (h, buf) => {
        if (h.type === wire.MSG_SYNC && (h.sub === wire.SYNC_STEP2 || h.sub === wire.SYNC_UPDATE))
          Y.applyUpdate(ydoc, decoding.readVarUint8Array(decoding.createDecoder(buf.subarray(h.offset))));
      };
      await c.connect(60_000);
      await sleep(200);
      for (const s of ydoc.getArray<string>('bench').toArray()) {
        const m = /^BMK:([^:]+):(\d+):/.exec(s);
        if (m) present.add(`${m[1]}:${m[2]}`);
      }
      c.close();
      ydoc.destroy();
    }
    let lost = 0;
    let unackedMissing = 0;
    const lostExamples: string[] = [];
    for (const [id, { sent }] of sentBy) {
      const mine = acked.get(id)!;
      for (let seq = 0; seq < sent; seq++) {
        if (present.has(`${id}:${seq}`)) continue;
        if (mine.has(seq)) {
          lost++;
          if (lostExamples.length < 5) lostExamples.push(`${id}:${seq}`);
        } else unackedMissing++;
      }
    }
    if (missNotes.length) log(`missed within the grace, e.g.: ${missNotes.join(' | ')}`);
    if (lostExamples.length) log(`lost after restart, e.g.: ${lostExamples.join('; ')}`);

    const window = (from: number, to: number) => samples.filter((s) => s.t >= from && s.t <= to);
    const warm = window(warmupEnd - 30_000, warmupEnd);
    const last = window(end - 30_000, end + 1000);
    const afterWarm = window(warmupEnd, end + 1000);
    const rssWarmup = mean(warm.map((s) => s.server));
    const rssEnd = mean(last.map((s) => s.server));
    return {
      backend: o.backend === 'pg' ? 'PostgreSQL + Redis' : 'embedded (PGlite)',
      minutes: o.minutes,
      rssWarmupMB: rssWarmup / MB,
      rssEndMB: rssEnd / MB,
      growthPct: ((rssEnd - rssWarmup) / rssWarmup) * 100,
      rssMinMB: Math.min(...afterWarm.map((s) => s.server)) / MB,
      rssMaxMB: Math.max(...afterWarm.map((s) => s.server)) / MB,
      dbWarmupMB: mean(warm.map((s) => s.db)) / MB,
      dbEndMB: mean(last.map((s) => s.db)) / MB,
      edits,
      expectedDeliveries,
      undelivered,
      late,
      lateMaxS: lateMax / 1000,
      duplicates,
      joins,
      leaves,
      joinErrors,
      unexpectedCloses,
      acknowledged,
      unacknowledged: edits - acknowledged,
      lostAfterRestart: lost,
      unackedMissingAfterRestart: unackedMissing,
      restartSignal: o.restartSignal,
      cpuS,
      cpuMsPerEdit: (cpuS * 1000) / edits,
      loadMean: mean(samples.map((s) => s.load)),
      loadMax: Math.max(...samples.map((s) => s.load)),
      serverWarnings: warnings.length,
      heapSnapshotDir: heapDir,
      memory: memoryParts(samples, readServerMemory(memFile), [warmupEnd - 30_000, warmupEnd], [end - 30_000, end + 1000]),
    };
  } finally {
    for (const m of [...members, ...watching]) m.c.close();
    rmSync(memDir, { recursive: true, force: true });
    await server?.stop();
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runSoakBench(args: string[]): Promise<void> {
  const o = soakOptions(args);
  log(
    `${o.minutes} min, ${o.clients} clients on ${o.docs} documents, one leaves and one joins every ${o.churnS} s; warm-up ${o.warmupS} s; ${o.backend}; restart with ${o.restartSignal}; ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const r = await runSoak(o);
  const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  console.log(
    [
      '',
      `Soak ${r.backend}, ${r.minutes} min (${new Date().toISOString().slice(0, 16)}Z, load mean ${f(r.loadMean, 2)}, max ${f(r.loadMax, 2)}):`,
      '',
      '| backend | RSS at warm-up end | RSS at end | growth | min–max after warm-up | edits sent | deliveries expected | undelivered (never arrived) | acknowledged | lost after restart | server CPU per edit | load average (mean / max) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${r.backend} | ${f(r.rssWarmupMB)} MB | ${f(r.rssEndMB)} MB | ${f(r.growthPct, 1)} % | ${f(r.rssMinMB)}–${f(r.rssMaxMB)} MB | ${r.edits} | ${r.expectedDeliveries} | ${r.undelivered} | ${r.acknowledged} | ${r.lostAfterRestart} | ${f(r.cpuMsPerEdit, 2)} ms | ${f(r.loadMean, 2)} / ${f(r.loadMax, 2)} |`,
      '',
      `Also: joins ${r.joins}, leaves ${r.leaves}, join errors ${r.joinErrors}, unexpected closes ${r.unexpectedCloses}, duplicates ${r.duplicates}, unacknowledged ${r.unacknowledged} (missing after restart: ${r.unackedMissingAfterRestart}), restart by ${r.restartSignal}, server CPU ${f(r.cpuS, 1)} s, server warnings ${r.serverWarnings}` +
        (r.dbWarmupMB ? `, PostgreSQL backends of the run's database ${f(r.dbWarmupMB)} → ${f(r.dbEndMB)} MB` : '') +
        (r.heapSnapshotDir ? `, heap snapshots in ${r.heapSnapshotDir}` : ''),
      '',
      `Delivery: ${r.undelivered + r.late} of ${r.expectedDeliveries} deliveries not received within the ${o.graceS} s grace; ${r.late} of them arrived later (the latest ${f(r.lateMaxS, 1)} s after it was sent), ${r.undelivered} never arrived (the undelivered above).`,
      '',
      'Memory by part (mean of the warm-up window and of the last 30 s, MB; the "·" rows are parts of the row above them):',
      '',
      '| part | at warm-up end | at end | change |',
      '| --- | ---: | ---: | ---: |',
      ...r.memory.map(
        (p) =>
          `| ${p.part} | ${f(p.warmupMB, 1)} | ${f(p.endMB, 1)} | ${p.endMB - p.warmupMB >= 0 ? '+' : ''}${f(p.endMB - p.warmupMB, 1)} |`,
      ),
      '',
    ].join('\n'),
  );
}
