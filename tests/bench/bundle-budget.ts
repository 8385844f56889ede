/**
 * Bundle budgets (issue 19): the JavaScript a browser downloads for a route, gzip-compressed, from the
 * built client. `pnpm budget` prints every route and exits 1 when a budgeted route is over its budget;
 * `.ci/run` calls it after the first pass has built the client.
 *
 * What counts for a route, read from Vite's manifest and SvelteKit's generated route dictionary:
 * the client entry (start + app), the root layout and root error node that SvelteKit loads at start,
 * the route's layout and page nodes, and every chunk they import statically (transitively). Dynamic
 * imports do not count: they load on demand, not with the page (app.js's are the other routes' nodes;
 * the others are the English messages, loaded when someone switches to English; the German messages of
 * areas, loaded by the layouts and pages that use them; socket.io-client, loaded at sign-in; the shared
 * message catalogue, loaded by ErrorNote for an error with a server key; the route contracts, loaded to
 * validate answers in the test build). A page that lazy-loads part of itself on mount would be
 * undercounted, so don't: or budget that chunk here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const clientDir = path.join(root, 'client');
const manifestFile = path.join(clientDir, '.svelte-kit/output/client/.vite/manifest.json');
const appFile = path.join(clientDir, '.svelte-kit/generated/client-optimized/app.js');
const buildDir = path.join(clientDir, 'build');

/**
 * Budgets in KiB of gzip-compressed JavaScript, per SvelteKit route id. `target` is issue 19's budget;
 * `ceiling` is what CI enforces today. Where the target is not met yet the ceiling sits just above the
 * measured weight, so the weight can only go down (lower it as the route gets lighter; BENCHMARKS.md
 * says where the remaining bytes go).
 */
export const BUDGETS_KIB: Record<string, { target: number; ceiling: number }> = {
  '/(public)/programme': { target: 80, ceiling: 85 },
  '/(app)/plans/[id]': { target: 350, ceiling: 350 },
};

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface RouteWeight {
  route: string;
  files: number;
  gzipBytes: number;
  budget?: { target: number; ceiling: number };
}

/** Route id → node indices (page first, then layouts), parsed from SvelteKit's generated app.js. */
export function parseDictionary(appSource: string): Map<string, number[]> {
  const body = appSource.match(/export const dictionary = \{([\s\S]*?)\n\};/)?.[1];
  if (!body) throw new Error('route dictionary not found in the generated app.js');
  const routes = new Map<string, number[]>();
  for (const m of body.matchAll(/"([^"]+)":\s*\[([^\n]*)\],?\n/g)) {
    // Page and layout indices; a leading "~" marks a node with a server load (none in an SPA).
    routes.set(
      m[1] as string,
      [...(m[2] as string).matchAll(/~?(\d+)/g)].map((n) => Number(n[1])),
    );
  }
  return routes;
}

/** Every JavaScript file a set of manifest keys pulls in. */
export function closure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const files = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk ${key}`);
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  for (const k of keys) visit(k);
  return files;
}

export function measureRoutes(): RouteWeight[] {
  for (const f of [manifestFile, appFile]) {
    if (!existsSync(f)) throw new Error(`${path.relative(root, f)} is missing: run \`pnpm build\` first`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const appKey = '.svelte-kit/generated/client-optimized/app.js';
  const startKey = Object.keys(manifest).find((k) => k.endsWith('/runtime/client/entry.js'));
  if (!startKey || !manifest[appKey]) throw new Error('client entry chunks not found in the manifest');
  const node = (i: number) => `.svelte-kit/generated/client-optimized/nodes/${i}.js`;
  const sizes = new Map<string, number>();
  const gz = (file: string) => {
    let n = sizes.get(file);
    if (n === undefined) {
      n = gzipSync(readFileSync(path.join(buildDir, file)), { level: 9 }).length;
      sizes.set(file, n);
    }
    return n;
  };
  const rows: RouteWeight[] = [];
  for (const [route, nodes] of parseDictionary(readFileSync(appFile, 'utf8'))) {
    const keys = [startKey, appKey, node(0), node(1), ...nodes.map(node)];
    const files = closure(manifest, keys);
    const gzipBytes = [...files].reduce((sum, f) => sum + gz(f), 0);
    rows.push({ route, files: files.size, gzipBytes, budget: BUDGETS_KIB[route] });
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}

function main(): void {
  const rows = measureRoutes();
  const missing = Object.keys(BUDGETS_KIB).filter((r) => !rows.some((row) => row.route === r));
  let failed = missing.length > 0;
  for (const r of missing) console.error(`budgeted route ${r} is not in the build (renamed? update BUDGETS_KIB)`);
  console.log('route | files | JS gzip KiB | target KiB | CI ceiling KiB');
  for (const r of rows) {
    const kib = r.gzipBytes / 1024;
    const over = r.budget !== undefined && kib > r.budget.ceiling;
    const missed = r.budget !== undefined && kib > r.budget.target;
    failed ||= over;
    const note = over ? '  OVER THE CEILING' : missed ? '  target missed' : '';
    console.log(`${r.route} | ${r.files} | ${kib.toFixed(1)} | ${r.budget?.target ?? '–'} | ${r.budget?.ceiling ?? '–'}${note}`);
  }
  if (failed) {
    console.error('bundle budget exceeded');
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
