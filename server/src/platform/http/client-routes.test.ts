import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_ROUTES, isClientRoute } from './client-routes.ts';

const routesDir = fileURLToPath(new URL('../../../../client/src/routes', import.meta.url));

/** Every folder with a +page.svelte, as a URL pattern: `(group)` folders left out. */
function pageRoutes(dir: string, prefix: string[] = []): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir);
  if (entries.includes('+page.svelte')) out.push(`/${prefix.join('/')}`);
  for (const name of entries) {
    const full = path.join(dir, name);
    if (!statSync(full).isDirectory()) continue;
    out.push(...pageRoutes(full, /^\(.*\)$/.test(name) ? prefix : [...prefix, name]));
  }
  return out;
}

describe('the server knows every route of the web app', () => {
  it('lists exactly the pages in client/src/routes', () => {
    expect([...CLIENT_ROUTES].sort()).toEqual(pageRoutes(routesDir).sort());
  });

  it('matches parameterised routes by one segment, and nothing else', () => {
    expect(isClientRoute('/')).toBe(true);
    expect(isClientRoute('/plans/abc')).toBe(true);
    expect(isClientRoute('/plans/abc/')).toBe(true);
    expect(isClientRoute('/plans/abc/print')).toBe(true);
    expect(isClientRoute('/einladung/tok-123')).toBe(true);
    expect(isClientRoute('/plans')).toBe(false);
    expect(isClientRoute('/plans/a/b')).toBe(false);
    expect(isClientRoute('/gibt-es-nicht')).toBe(false);
    expect(isClientRoute('/programmes')).toBe(false);
  });
});
