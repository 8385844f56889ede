import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from '../../helpers/server.ts';

describe('serving the built client', () => {
  let server: TestServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'planner-client-'));
  beforeAll(async () => {
    writeFileSync(path.join(dir, '200.html'), '<!doctype html><title>shell</title><script src="/_app/x.js"></script>');
    server = await startServer({ env: { CLIENT_DIR: dir } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves files written after start (a rebuild) and the shell for everything else', async () => {
    mkdirSync(path.join(dir, '_app/immutable'), { recursive: true });
    writeFileSync(path.join(dir, '_app/immutable/new.js'), 'console.log(1)');
    const file = await fetch(`${server.url}/_app/immutable/new.js`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('javascript');
    expect(file.headers.get('cache-control')).toContain('immutable');
    for (const p of ['/', '/plans/abc', '/storefronts']) {
      const res = await fetch(server.url + p);
      expect(res.status, p).toBe(200);
      expect(await res.text()).toContain('<title>shell</title>');
    }
    const api = await fetch(`${server.url}/api/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('json');
  });
});
