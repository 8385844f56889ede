/**
 * Summarises a Chromium performance trace (Tracing with `disabled-by-default-v8.cpu_profiler` and
 * `devtools.timeline`) of one page's renderer main thread: self time by trace event (compile, style,
 * layout, paint, GC …) and, from the sampled CPU profile, self time by function and by source module.
 * Bundle positions are mapped back to source files with the build's hidden source maps
 * (`PLANNER_SOURCEMAP=1 pnpm --filter @planner/client build`), else reported by chunk name.
 * Used by editor-drag.ts (`PROFILE=dir`); not a test.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event: excludes time the thread was descheduled or throttled. */
  tdur?: number;
  id?: string;
  args?: Record<string, unknown> & { data?: Record<string, unknown>; name?: string };
}
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
}

// ── source maps (VLQ mappings decoded here: no dependency for a benchmark) ──
const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
type Seg = [col: number, src: number];
function decodeMappings(mappings: string): Seg[][] {
  const lines: Seg[][] = [];
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (const line of mappings.split(';')) {
    const segs: Seg[] = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals: number[] = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.get(ch)!;
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0];
      if (vals.length >= 4) {
        src += vals[1];
        srcLine += vals[2];
        srcCol += vals[3];
        segs.push([col, src]);
      }
    }
    lines.push(segs);
  }
  return lines;
}
const maps = new Map<string, { sources: string[]; lines: Seg[][] } | null>();
export function sourceOf(buildDir: string, url: string, line: number, col: number): string {
  const m = /\/_app\/(.+\.js)$/.exec(url.split('?')[0]);
  if (!m) return url ? url.replace(/^https?:\/\/[^/]+/, '') : '(native)';
  const file = path.join(buildDir, '_app', m[1]);
  if (!maps.has(file)) {
    const mapFile = `${file}.map`;
    if (existsSync(mapFile)) {
      const j = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
      maps.set(file, { sources: j.sources, lines: decodeMappings(j.mappings) });
    } else maps.set(file, null);
  }
  const map = maps.get(file);
  if (!map) return `chunk ${m[1]}`;
  const segs = map.lines[line] ?? [];
  let best: Seg | undefined;
  for (const s of segs) {
    if (s[0] <= col) best = s;
    else break;
  }
  const src = best ? map.sources[best[1]] : undefined;
  return src
    ? src.replace(/^(\.\.\/)+/, '').replace(/node_modules\/\.pnpm\/[^/]+\/node_modules\//, 'node_modules/')
    : `chunk ${m[1]}`;
}

/** A coarse area of a source module, for the category table. */
export function areaOf(source: string): string {
  if (source.startsWith('(')) return source;
  if (/node_modules\/(yjs|lib0|y-protocols|y-indexeddb|y-websocket|@y\/)/.test(source))
    return 'Yjs, lib0, y-protocols, y-indexeddb';
  if (/node_modules\/svelte\//.test(source)) return 'Svelte runtime';
  if (/node_modules\/@sveltejs\/kit/.test(source)) return 'SvelteKit runtime';
  if (/node_modules\/(socket\.io|engine\.io)/.test(source)) return 'socket.io';
  if (/node_modules\/zod/.test(source)) return 'zod';
  if (/shared\/src\//.test(source)) return '@planner/shared';
  if (/client\/src\/lib\/components\/editor\//.test(source)) return 'editor components';
  if (/client\/src\/lib\/i18n/.test(source)) return 'i18n';
  if (/client\/src\//.test(source)) return 'other client code';
  if (/node_modules\//.test(source)) return `other library (${/node_modules\/((@[^/]+\/)?[^/]+)/.exec(source)?.[1]})`;
  return source.startsWith('chunk ') ? 'bundle (no source map)' : 'other';
}

/** Trace event names grouped into the categories of the BENCHMARKS.md breakdown. */
const EVENT_CATEGORY: [RegExp, string][] = [
  [
    /^(v8\.compile|v8\.compileModule|V8\.CompileCode|v8\.produceCache|v8\.produceModuleCache|CacheScript|v8\.parseOnBackground|V8\.ScriptCompiler)/,
    'compile',
  ],
  [
    /^(EvaluateScript|v8\.evaluateModule|v8\.run|FunctionCall|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|v8\.callFunction|XHRReadyStateChange|XHRLoad|HandlePostMessage|v8\.execute|V8\.Execute)$/,
    'script (see the profile)',
  ],
  [/^(UpdateLayoutTree|RecalcStyle|ParseAuthorStyleSheet|ScheduleStyleRecalculation|InvalidateLayout)$/, 'style'],
  [/^(Layout|UpdateLayout)$/, 'layout'],
  [/^(Paint|PrePaint|Layerize|Commit|UpdateLayer|CompositeLayers|PaintImage|Decode Image|RasterTask)$/, 'paint, composite'],
  [/^(MinorGC|MajorGC|V8\.GC|BlinkGC|ThreadState|CppGC)/, 'GC'],
  [/^(ParseHTML)$/, 'HTML parse'],
];
function eventCategory(name: string): string {
  for (const [re, c] of EVENT_CATEGORY) if (re.test(name)) return c;
  return 'other';
}

function table(rows: [string, number][], total: number, n: number): string {
  return rows
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${(v / 1000).toFixed(1).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
}

/**
 * Summary of the renderer main thread of `frameId`'s process in the trace (the busiest renderer when the
 * frame is not found), between the trace's first and last events.
 */
export function summariseTrace(buf: Buffer, opts: { frameId?: string; buildDir: string; label: string; top?: number }): string {
  const raw = JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const top = opts.top ?? 20;
  // The renderer main threads.
  const mains = new Map<number, number>(); // pid → tid
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.set(e.pid, e.tid);
  const pids = new Set<number>();
  for (const e of events) {
    const d = e.args?.data as { frame?: string; processId?: number; frames?: { frame: string; processId: number }[] } | undefined;
    if (!d || !opts.frameId) continue;
    if (d.frame === opts.frameId && d.processId) pids.add(d.processId);
    for (const f of d.frames ?? []) if (f.frame === opts.frameId && f.processId) pids.add(f.processId);
  }
  // The frame's busiest renderer (a navigation may move it to a new process), else the busiest of all.
  const work = new Map<number, number>();
  for (const e of events)
    if (e.ph === 'X' && e.name === 'RunTask' && mains.get(e.pid) === e.tid)
      work.set(e.pid, (work.get(e.pid) ?? 0) + (e.dur ?? 0));
  const ranked = [...work].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  const pid = ranked.find((p) => pids.has(p)) ?? ranked[0];
  if (pid === undefined) return `${opts.label}: no renderer main thread in the trace`;
  const tid = mains.get(pid)!;
  const own = events.filter((e) => e.pid === pid && e.tid === tid);

  // Self time of complete events by name (nested events subtract from their parents), wall and thread time.
  const xs = own.filter((e) => e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const selfByName = new Map<string, number>();
  const cpuByName = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  let busy = 0;
  let busyCpu = 0;
  const span = xs.length ? Math.max(...xs.map((e) => e.ts + e.dur!)) - xs[0].ts : 0;
  for (const e of xs) {
    while (stack.length && stack.at(-1)!.end <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const cpu = e.tdur ?? 0;
    if (parent) {
      selfByName.set(parent.name, (selfByName.get(parent.name) ?? 0) - e.dur!);
      cpuByName.set(parent.name, (cpuByName.get(parent.name) ?? 0) - cpu);
    } else {
      busy += e.dur!;
      busyCpu += cpu;
    }
    selfByName.set(e.name, (selfByName.get(e.name) ?? 0) + e.dur!);
    cpuByName.set(e.name, (cpuByName.get(e.name) ?? 0) + cpu);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  const byCategory = new Map<string, number>();
  const cpuByCategory = new Map<string, number>();
  for (const [name, v] of selfByName) {
    const c = eventCategory(name);
    byCategory.set(c, (byCategory.get(c) ?? 0) + v);
    cpuByCategory.set(c, (cpuByCategory.get(c) ?? 0) + (cpuByName.get(name) ?? 0));
  }

  // The sampled CPU profile of that thread.
  const nodes = new Map<number, ProfileNode>();
  const selfByNode = new Map<number, number>();
  const profileIds = new Set(own.filter((e) => e.name === 'Profile').map((e) => e.id));
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !profileIds.has(e.id) || e.pid !== pid) continue;
    const d = e.args!.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const samples = d.cpuProfile?.samples ?? [];
    const deltas = d.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const dt = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
      selfByNode.set(samples[i], (selfByNode.get(samples[i]) ?? 0) + dt);
    }
  }
  const byFunction = new Map<string, number>();
  const bySource = new Map<string, number>();
  // Inclusive time by source module: a sample counts once for every module on its stack (what a
  // component costs with everything it calls, e.g. LayoutCanvas.svelte with Svelte's runtime under it).
  const inclusive = new Map<string, number>();
  const srcOfNode = new Map<number, string>();
  const nodeSource = (n: ProfileNode): string => {
    let s = srcOfNode.get(n.id);
    if (s === undefined) {
      const cf = n.callFrame;
      s = cf.url ? sourceOf(opts.buildDir, cf.url, cf.lineNumber, cf.columnNumber) : '';
      srcOfNode.set(n.id, s);
    }
    return s;
  };
  for (const [id, v] of selfByNode) {
    const leaf = nodes.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = n.parent === undefined ? undefined : nodes.get(n.parent)) {
      const s = nodeSource(n);
      if (s && !seen.has(s)) {
        seen.add(s);
        inclusive.set(s, (inclusive.get(s) ?? 0) + v);
      }
    }
  }
  const byArea = new Map<string, number>();
  let sampled = 0;
  for (const [id, v] of selfByNode) {
    const n = nodes.get(id);
    if (!n) continue;
    const cf = n.callFrame;
    const src = cf.url
      ? sourceOf(opts.buildDir, cf.url, cf.lineNumber, cf.columnNumber)
      : `(${cf.functionName.replace(/^\(|\)$/g, '') || 'native'})`;
    if (cf.functionName === '(idle)') continue;
    sampled += v;
    const fn = `${cf.functionName || '(anonymous)'}  ${src}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + v);
    bySource.set(src, (bySource.get(src) ?? 0) + v);
    const area = areaOf(src);
    byArea.set(area, (byArea.get(area) ?? 0) + v);
  }
  const lines = [
    `── ${opts.label}: renderer pid ${pid}, trace span ${(span / 1000).toFixed(0)} ms, main thread busy ${(busy / 1000).toFixed(0)} ms wall (throttled, loaded machine), ${(busyCpu / 1000).toFixed(0)} ms thread CPU ──`,
    'main thread self time by trace event category, wall:',
    table([...byCategory], busy, 12),
    'the same, thread CPU time:',
    table([...cpuByCategory], busyCpu, 12),
    'main thread self thread-CPU time by trace event:',
    table([...cpuByName], busyCpu, top),
    `CPU profile (samples, not idle: ${(sampled / 1000).toFixed(0)} ms), self time by area:`,
    table([...byArea], sampled, top),
    'by source module:',
    table([...bySource], sampled, top),
    'by function:',
    table([...byFunction], sampled, top),
    'inclusive by source module (the module and all it calls), src/ modules:',
    table(
      [...inclusive].filter(([s]) => s.startsWith('src/')),
      sampled,
      top,
    ),
  ];
  return lines.join('\n');
}

// `npx tsx bench/trace-summary.ts trace.json [label]`: summarises a saved trace (editor-drag.ts's PROFILE
// output) again, with the client build's source maps.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const file = process.argv[2];
  const buildDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../client/build');
  console.log(summariseTrace(readFileSync(file), { buildDir, label: process.argv[3] ?? path.basename(file), top: 30 }));
}
