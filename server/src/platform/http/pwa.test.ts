import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { MemoryPubSub } from '../bus/memory-pubsub.ts';
import { loadConfig } from '../config.ts';
import { sharedTestDatabase } from '../db/test-database.ts';

/**
 * Issue 18: the service worker and the web app manifest are served from the client build with the
 * right type, never from a stale HTTP cache, and the content security policy lets them in.
 */
let dir: string;
let app: FastifyInstance;

describe('the PWA files', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'planner-pwa-'));
    writeFileSync(path.join(dir, '200.html'), '<!doctype html><html><body><script>window.__s = 1;</script></body></html>');
    writeFileSync(path.join(dir, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(
      path.join(dir, 'manifest.webmanifest'),
      JSON.stringify({ name: 'Kreativquartiere Planner', start_url: '/dashboard' }),
    );
    const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', DEMO_DATA: 'false', CLIENT_DIR: dir });
    app = await buildApp({ config, db: await sharedTestDatabase(), bus: new MemoryPubSub(), logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the service worker as JavaScript with Cache-Control: no-cache', async () => {
    const res = await app.inject({ url: '/service-worker.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('addEventListener');
  });

  it('serves the manifest as application/manifest+json with Cache-Control: no-cache', async () => {
    const res = await app.inject({ url: '/manifest.webmanifest' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.json()).toMatchObject({ start_url: '/dashboard' });
  });

  it('the content security policy allows our own service worker and manifest', async () => {
    for (const url of ['/', '/plans/x', '/service-worker.js']) {
      const csp = String((await app.inject({ url })).headers['content-security-policy']);
      expect(csp, url).toContain("worker-src 'self'");
      expect(csp, url).toContain("manifest-src 'self'");
    }
  });
});
