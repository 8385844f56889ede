import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The memory settings of the server's `start` script (server/package.json, issue 19): its environment
 * variables (`MALLOC_ARENA_MAX=2 …`) and its node flags (`--max-semi-space-size=2`), so that a bench runs
 * the server as `pnpm start` does. A start script without them (an older checkout's `tsx src/main.ts`)
 * gives none. BENCH_PLAIN_NODE=1 leaves them out, to measure what they change.
 */
export function startRuntime(repo: string): { env: Record<string, string>; nodeArgs: string[] } {
  if (process.env.BENCH_PLAIN_NODE === '1') return { env: {}, nodeArgs: [] };
  const pkg = JSON.parse(readFileSync(path.join(repo, 'server', 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const m = (pkg.scripts?.start ?? '').match(/^((?:\w+=\S*\s+)*)node\s+(.*)$/);
  if (!m) return { env: {}, nodeArgs: [] };
  const env = Object.fromEntries(
    (m[1] ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
  );
  const words = (m[2] ?? '').split(/\s+/);
  const end = words.indexOf('--import');
  return { env, nodeArgs: words.slice(0, Math.max(end, 0)) };
}
