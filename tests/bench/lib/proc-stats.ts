import { readFileSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';

/** Clock ticks per second for /proc/<pid>/stat times (almost always 100 on Linux). */
const CLK_TCK = (() => {
  try {
    return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Resident and peak-resident memory of a process in bytes, from /proc/<pid>/status. */
export function memory(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** Number of other processes that were using CPU, from a short /proc sample (context for drift). */
export function busyProcesses(excludePids: number[] = [], sampleMs = 500): Promise<{ count: number; loadavg: string }> {
  const snap = () => {
    const out = new Map<number, number>();
    for (const name of safeReaddir('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || excludePids.includes(pid)) continue;
      const cpu = cpuSeconds(pid);
      if (!Number.isNaN(cpu)) out.set(pid, cpu);
    }
    return out;
  };
  const a = snap();
  return new Promise((resolve) =>
    setTimeout(() => {
      const b = snap();
      let count = 0;
      for (const [pid, cpu] of b) if (a.has(pid) && cpu - a.get(pid)! >= 0.02) count++;
      resolve({ count, loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') });
    }, sampleMs),
  );
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Samples RSS of a process every `everyMs` until stopped; reports the peak seen and the kernel's VmHWM. */
export function sampleMemory(pid: number, everyMs = 100) {
  let peak = 0;
  const tick = () => {
    const { rss } = memory(pid);
    if (rss > peak) peak = rss;
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { peakRss: peak, hwm: memory(pid).hwm };
    },
  };
}

/** Resident memory (VmRSS) of `pid` and every descendant, in bytes, with the share of the root. */
export function treeRss(pid: number): { total: number; root: number; processes: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const p = Number(name);
    if (!Number.isInteger(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), p]);
    } catch {
      // gone meanwhile
    }
  }
  const rss = (p: number) => {
    try {
      return Number(readFileSync(`/proc/${p}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
  let total = 0;
  let processes = 0;
  const walk = (p: number) => {
    total += rss(p);
    processes++;
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return { total, root: rss(pid), processes };
}

/**
 * Resident memory of one process by kind of mapping, from /proc/<pid>/smaps (bytes):
 * - `file`: mapped files (the node binary, shared libraries), mostly shared and clean;
 * - `brk`: `[heap]`, glibc malloc's main arena;
 * - `arenas`: glibc malloc's other arenas (heaps of exactly 64 MiB address space, 64 MiB-aligned,
 *   a read-write part followed by the reserved rest); `arenaHeaps` counts them;
 * - `wasm`: read-write memory right before a reservation of ≥ 1 GiB (a WebAssembly memory and its
 *   guard region: PGlite's on the embedded backend, llhttp's in undici);
 * - `otherAnon`: every other anonymous mapping: V8's heap pages, allocations malloc served with their
 *   own mmap (≥ 128 KiB), thread stacks.
 */
export interface MappingBreakdown {
  rss: number;
  file: number;
  brk: number;
  arenas: number;
  arenaHeaps: number;
  wasm: number;
  otherAnon: number;
}

const ARENA_HEAP = 64 * 2 ** 20;
const BIG_RESERVATION = 2 ** 30;

export function mappingBreakdown(pid: number): MappingBreakdown | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  interface Mapping {
    start: number;
    end: number;
    perm: string;
    inode: number;
    name: string;
    rss: number;
  }
  const maps: Mapping[] = [];
  const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/;
  for (const line of text.split('\n')) {
    const h = header.exec(line);
    if (h) {
      // Addresses above 2^53 do not occur in user space on x86-64 (47 bits) or arm64 (48 bits).
      maps.push({
        start: Number.parseInt(h[1], 16),
        end: Number.parseInt(h[2], 16),
        perm: h[3],
        inode: Number(h[4]),
        name: h[5].trim(),
        rss: 0,
      });
    } else if (line.startsWith('Rss:') && maps.length) {
      maps[maps.length - 1].rss = Number(line.slice(4).trim().split(/\s+/)[0]) * 1024;
    }
  }
  const out: MappingBreakdown = { rss: 0, file: 0, brk: 0, arenas: 0, arenaHeaps: 0, wasm: 0, otherAnon: 0 };
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    const next = maps[i + 1];
    out.rss += m.rss;
    if (m.inode !== 0 || m.name.startsWith('/')) out.file += m.rss;
    else if (m.name === '[heap]') out.brk += m.rss;
    else if (m.name.startsWith('[') && !m.name.startsWith('[anon'))
      out.otherAnon += m.rss; // [stack], [vdso], …
    else if (
      m.perm.startsWith('rw') &&
      m.start % ARENA_HEAP === 0 &&
      (m.end - m.start === ARENA_HEAP ||
        (next && next.start === m.end && next.perm.startsWith('---') && next.end - m.start === ARENA_HEAP))
    ) {
      out.arenas += m.rss;
      out.arenaHeaps++;
    } else if (
      m.perm.startsWith('rw') &&
      next &&
      next.start === m.end &&
      next.perm.startsWith('---') &&
      next.end - next.start >= BIG_RESERVATION
    )
      out.wasm += m.rss;
    else out.otherAnon += m.rss;
  }
  return out;
}
