/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by where the
 * code lives (a package in node_modules, a folder of ours, or V8's own buckets such as GC).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function place(url: string): string {
  if (!url) return '(V8/native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = url.match(/\/(server|shared)\/src\/(.*?)(\/[^/]*)?$/);
  if (m) return `${m[1]}/src/${m[2].includes('/') ? m[2].split('/')[0] : m[2]}`;
  if (url.startsWith('node:')) return 'node core';
  return url.replace(/^file:\/\//, '');
}

/**
 * With `window` (microseconds of the monotonic clock, which V8's profile timestamps and
 * `process.hrtime` share on Linux), only the samples taken within it count. `inclusive` is the time
 * under each function of server/ and shared/ (each counted once per sample however deep it recurs).
 */
export function summarizeProfile(
  file: string,
  top = 12,
  window?: { fromUs: number; toUs: number },
): {
  totalMs: number;
  byFunction: [string, number][];
  byPlace: [string, number][];
  callers: [string, [string, number][]][];
  inclusive: [string, number][];
} {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The nearest callers in our own code above a node, nearest first. */
  const jsCallers = (id: number, depth = 3) => {
    const out: string[] = [];
    for (let cur = parent.get(id); cur !== undefined && out.length < depth; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      // Name the nearest callers in our own code (server/, shared/); library frames say little.
      if (/\/(server|shared)\/src\//.test(f.url))
        out.push(`${f.functionName || '(anonymous)'} (${place(f.url)}:${f.lineNumber + 1})`);
    }
    return out.join(' ← ') || '(no caller in server/ or shared/)';
  };
  const callerTime = new Map<string, Map<string, number>>();
  const self = new Map<number, number>();
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const inc = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/\/(server|shared)\/src\//.test(f.url)) continue;
      const key = `${f.functionName || '(anonymous)'} — ${place(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inc.set(key, (inc.get(key) ?? 0) + us);
    }
  }
  const fn = new Map<string, number>();
  const pl = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    total += us;
    const where = place(n.callFrame.url);
    const key = `${name} — ${where}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    if (!n.callFrame.url && !name.startsWith('(')) {
      const m = callerTime.get(key) ?? new Map<string, number>();
      const c = jsCallers(id);
      m.set(c, (m.get(c) ?? 0) + us);
      callerTime.set(key, m);
    }
    const bucket = name.startsWith('(') ? name : where;
    pl.set(bucket, (pl.get(bucket) ?? 0) + us);
  }
  const sort = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, v / 1000] as [string, number]);
  const byFunction = sort(fn);
  // For the heaviest native functions (syscalls, WASM glue), who called them.
  const callers = byFunction
    .filter(([k]) => callerTime.has(k))
    .slice(0, 3)
    .map(([k]) => [k, sort(callerTime.get(k)!).slice(0, 4)] as [string, [string, number][]]);
  return { totalMs: total / 1000, byFunction, byPlace: sort(pl), callers, inclusive: sort(inc) };
}

export function profileMarkdown(title: string, file: string): string {
  const s = summarizeProfile(file);
  const pct = (ms: number) => `${((ms / s.totalMs) * 100).toFixed(1)} %`;
  return [
    `### ${title}`,
    '',
    `${(s.totalMs / 1000).toFixed(2)} s of non-idle CPU samples in the server's main thread.`,
    '',
    '| where (self time) | ms | share |',
    '|---|---:|---:|',
    ...s.byPlace.map(([k, v]) => `| ${k} | ${v.toFixed(0)} | ${pct(v)} |`),
    '',
    '| function (self time) | ms | share |',
    '|---|---:|---:|',
    ...s.byFunction.map(([k, v]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${v.toFixed(0)} | ${pct(v)} |`),
    '',
    ...s.callers.flatMap(([k, list]) => [`Callers of \`${k}\`:`, '', ...list.map(([c, v]) => `- ${v.toFixed(0)} ms: ${c}`), '']),
  ].join('\n');
}
