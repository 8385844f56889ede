import { describe, expect } from 'vitest';
import { test as it } from '../../helpers/fixtures.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { busKind, dbKind, needs } from '../../helpers/backends.ts';

const clientBuilt = existsSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../client/build/200.html'));

describe('health and the served client', () => {
  let server: TestServer;
  it.beforeAll(({ server: s }) => {
    server = s;
  });

  it('reports ok with the backend kind of each part', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 'ok', db: dbKind, bus: busKind });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('tells the browser its public settings, and only those', async () => {
    const res = await fetch(`${server.url}/api/public/config`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['mapTileUrl', 'sso', 'version']);
    expect(body.mapTileUrl).toBeNull();
    // Whether single sign-on is set up, never its issuer, client id or secret.
    expect(body.sso).toBe(false);
    const withTiles = await startServer({ env: { MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' } });
    try {
      const cfg = (await (await fetch(`${withTiles.url}/api/public/config`)).json()) as Record<string, unknown>;
      expect(cfg.mapTileUrl).toBe('https://tiles.example.org/{z}/{x}/{y}.png');
    } finally {
      await withTiles.close();
    }
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await fetch(`${server.url}/api/does-not-exist`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('NOT_FOUND');
  });

  it.runIf(needs(clientBuilt, 'the built client (client/build/200.html)', 'run pnpm build first; pnpm test does'))(
    'serves the client shell for app routes from the same port',
    async () => {
      for (const p of ['/', '/dashboard', '/plans/some-plan-id']) {
        const res = await fetch(server.url + p);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(await res.text()).toContain('/_app/');
      }
    },
  );

  it('answers 503 when a backend is down', async () => {
    const { MemoryPubSub } = await import('@planner/server');
    const bus = new MemoryPubSub();
    const other = await startServer({ bus });
    try {
      await bus.close();
      const res = await fetch(`${other.url}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', busOk: false, dbOk: true });
    } finally {
      await other.close();
    }
  });
});
