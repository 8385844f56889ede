import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.dirname(fileURLToPath(import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const rel = (p: string) => path.relative(src, p).split(path.sep).join('/');
const isTest = (p: string) => /\.(test|contract)\.ts$/.test(p) || p.endsWith('/test-kit.ts');

/** Where SQL may be written: each module's repo, the platform (database, migrations) and the sync library's SQL store. */
const SQL_ALLOWED = (file: string) =>
  /(^|\/)repo\.ts$|-repo\.ts$/.test(file) || file.startsWith('platform/') || file === 'sync/sql-doc-store.ts';

/** A SQL statement in a string literal (the code base writes SQL in lower case), or a query call on a literal. */
const SQL =
  /(['"`]\s*(select\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\())|\.(query|exec)(<[^>]*>)?\(\s*['"`]/;

/** The capabilities of the product, each one folder under modules/ (README's folder map). */
const CAPABILITIES = [
  'public-web',
  'accounts',
  'invitations',
  'storefronts',
  'quarters',
  'plans',
  'review',
  'comments',
  'notifications',
  'checks',
  'feeds',
  'media',
];

describe('the server’s shape', () => {
  it('writes SQL only in repo.ts files, platform/ and the sync library’s SQL store', () => {
    const offenders = files(src)
      .map(rel)
      .filter((f) => !isTest(f) && !SQL_ALLOWED(f))
      .flatMap((f) =>
        readFileSync(path.join(src, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => SQL.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//'))
          .map(({ line, i }) => `${f}:${i + 1}: ${line.trim().slice(0, 100)}`),
      );
    expect(offenders).toEqual([]);
  });

  it('recognises SQL the way the rule above means it (the rule can fail)', () => {
    expect(SQL.test("await db.query('select 1')")).toBe(true);
    expect(SQL.test('`insert into plans (id) values ($1)`')).toBe(true);
    expect(SQL.test("'update plans set status = $2'")).toBe(true);
    expect(SQL.test("const label = 'Select a plan';")).toBe(false);
  });

  it('gives every capability its plugin, routes, service, repo and tests', () => {
    const missing: string[] = [];
    for (const cap of CAPABILITIES) {
      const dir = path.join(src, 'modules', cap);
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        missing.push(`modules/${cap}/`);
        continue;
      }
      for (const f of ['plugin.ts', 'routes.ts', 'service.ts', 'repo.ts'])
        if (!names.includes(f)) missing.push(`modules/${cap}/${f}`);
      if (!names.some((n) => n.endsWith('.test.ts'))) missing.push(`modules/${cap}/*.test.ts`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps the sync library free of the app’s transports and stores', () => {
    const offenders = files(path.join(src, 'sync'))
      .filter((f) => !isTest(rel(f)))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)]
          .map((m) => m[1])
          .filter((m) => !m.startsWith('.') && !/^(yjs|y-protocols\/|lib0\/|node:|@planner\/shared)/.test(m))
          .map((m) => `${rel(f)} imports ${m}`),
      );
    expect(offenders).toEqual([]);
  });

  it('loads the heavy libraries on first use, not at start (issue 19: the idle footprint)', () => {
    // Everything main.ts reaches through static imports is loaded at every start; these libraries must
    // come through `await import()` at the point of use (types with `import type`).
    const heavy = new Set(STARTUP_HEAVY);
    const reached = new Set<string>();
    const found: string[] = [];
    const visit = (file: string, via: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const spec of staticImports(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.'))
          visit(path.resolve(path.dirname(file), spec), `${via} → ${rel(path.resolve(path.dirname(file), spec))}`);
        else if (heavy.has(spec)) found.push(`${via} → ${spec}`);
      }
    };
    visit(path.join(src, 'main.ts'), 'main.ts');
    expect(found).toEqual([]);
  });

  it('tells static value imports from type-only and dynamic ones (the rule above can fail)', () => {
    const code = [
      "import sharp from 'sharp';",
      "import type { Sharp } from 'sharp-types';",
      "import {\n  a,\n  type B,\n} from './multi.ts';",
      "export { c } from './re.ts';",
      "export type { D } from './types.ts';",
      "import './side-effect.ts';",
      "const x = await import('exceljs');",
    ].join('\n');
    expect(staticImports(code)).toEqual(['sharp', './multi.ts', './re.ts', './side-effect.ts']);
  });
});

/** Libraries of a single capability, each tens of MB resident once loaded (BENCHMARKS.md, Embedded footprint). */
const STARTUP_HEAVY = [
  'sharp',
  'exceljs',
  'pdf-lib',
  'heic-decode',
  'mupdf',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  'ical-generator',
  'file-type',
  'fflate',
  '@node-rs/argon2',
  'openid-client',
  'ioredis',
  'nodemailer',
];

/** The specifiers of a file's static value imports and re-exports (not `import type`, not `import()`). */
function staticImports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/^(import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gms))
    out.push(m[2] as string);
  return out;
}
