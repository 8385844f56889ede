import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { MemoryPubSub } from '../bus/memory-pubsub.ts';
import { loadConfig } from '../config.ts';
import { sharedTestDatabase } from '../db/test-database.ts';

async function appWith(env: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig({
    DATA_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    CLIENT_DIR: '/nonexistent',
    LOGIN_MAX_FAILURES_PER_IP: '3',
    ...env,
  });
  const app = await buildApp({ config, db: await sharedTestDatabase(), bus: new MemoryPubSub(), logger: false });
  await app.ready();
  return app;
}

/** Wrong passwords for ever new addresses, each request claiming another client in X-Forwarded-For. */
async function spoofedFailures(app: FastifyInstance, n: number, tag: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      payload: { email: `nobody-${tag}-${i}@example.org`, password: 'wrong password' },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe('TRUST_PROXY', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('by default ignores X-Forwarded-For, so the per-IP sign-in limit cannot be dodged with it', {
    timeout: 60_000,
  }, async () => {
    app = await appWith({});
    const statuses = await spoofedFailures(app, 6, 'default');
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
  });

  it('believes X-Forwarded-For from a trusted proxy (each forwarded client has its own limit)', { timeout: 60_000 }, async () => {
    app = await appWith({ TRUST_PROXY: 'loopback' });
    const statuses = await spoofedFailures(app, 6, 'proxied');
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
  });

  it('rejects a malformed value at start, naming the variable', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});
