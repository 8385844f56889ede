import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { MemoryPubSub } from '../bus/memory-pubsub.ts';
import { loadConfig } from '../config.ts';
import { sharedTestDatabase } from '../db/test-database.ts';

const SCRIPT = 'window.__start = 1;';
let dir: string;

async function appWith(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', DEMO_DATA: 'false', CLIENT_DIR: dir, ...env });
  const app = await buildApp({ config, db: await sharedTestDatabase(), bus: new MemoryPubSub(), logger: false });
  await app.ready();
  return app;
}

describe('security headers', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'planner-shell-'));
    writeFileSync(
      path.join(dir, '200.html'),
      `<!doctype html><html><body><script>${SCRIPT}</script><script src="/_app/x.js"></script></body></html>`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the app shell and the API carry a CSP that allows only our scripts (the shell’s inline one by hash), no framing, nosniff and a strict referrer policy', async () => {
    const app = await appWith({ MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    try {
      for (const url of ['/', '/storefronts', '/api/health']) {
        const res = await app.inject({ url });
        const csp = String(res.headers['content-security-policy']);
        expect(csp, url).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.org");
        expect(csp).not.toContain('unsafe-eval');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });

  it('sends HSTS when the public address is https', async () => {
    const app = await appWith({ PUBLIC_URL: 'https://planner.example.org' });
    try {
      const res = await app.inject({ url: '/api/health' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await app.close();
    }
  });
});
