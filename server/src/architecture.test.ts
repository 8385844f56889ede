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
});
