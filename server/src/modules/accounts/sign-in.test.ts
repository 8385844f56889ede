import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { MemoryPubSub } from '../../platform/bus/memory-pubsub.ts';
import { loadConfig } from '../../platform/config.ts';
import { sharedTestDatabase } from '../../platform/db/test-database.ts';
import { createUser } from './users.ts';

const PASSWORD = 'ein-richtig-langes-passwort';

async function appWith(env: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig({
    DATA_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    CLIENT_DIR: '/nonexistent',
    ...env,
  });
  const app = await buildApp({ config, db: await sharedTestDatabase(), bus: new MemoryPubSub(), logger: false });
  await app.ready();
  return app;
}

async function freshUser() {
  return createUser(await sharedTestDatabase(), {
    email: `anmeldung-${randomUUID()}@test.example`,
    name: 'Anna',
    password: PASSWORD,
  });
}

const login = (
  app: FastifyInstance,
  email: string,
  password: string,
  opts: { headers?: Record<string, string>; ip?: string } = {},
) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: opts.headers,
    remoteAddress: opts.ip,
    payload: { email, password },
  });

const setCookies = (res: { headers: Record<string, unknown> }): string[] => {
  const h = res.headers['set-cookie'];
  return Array.isArray(h) ? h : h ? [String(h)] : [];
};

/** Finding 15 (remainder) of issue 15: cookies were not Secure behind a TLS-terminating proxy. */
describe('Secure cookies', () => {
  const apps: FastifyInstance[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });
  const start = async (env: Record<string, string>) => {
    const app = await appWith(env);
    apps.push(app);
    return app;
  };

  it('are Secure when a trusted proxy says the request came over https', { timeout: 60_000 }, async () => {
    const app = await start({ TRUST_PROXY: 'loopback' });
    const user = await freshUser();
    const res = await login(app, user.email, PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.statusCode).toBe(200);
    const cookies = setCookies(res);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of cookies) expect(c, c.split('=')[0]).toMatch(/;\s*Secure/i);
    // Plain http through the same proxy: not Secure (the browser would drop them on http).
    const plain = await login(app, user.email, PASSWORD, { headers: { 'x-forwarded-proto': 'http' } });
    for (const c of setCookies(plain)) expect(c).not.toMatch(/;\s*Secure/i);
    // Signing out clears them with the same attribute.
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'x-forwarded-proto': 'https' } });
    for (const c of setCookies(out)) expect(c).toMatch(/;\s*Secure/i);
  });

  it('ignore X-Forwarded-Proto without TRUST_PROXY', { timeout: 60_000 }, async () => {
    const app = await start({});
    const user = await freshUser();
    const res = await login(app, user.email, PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.statusCode).toBe(200);
    const cookies = setCookies(res);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of cookies) expect(c).not.toMatch(/;\s*Secure/i);
  });

  it('are always Secure when PUBLIC_URL is https', { timeout: 60_000 }, async () => {
    const app = await start({ PUBLIC_URL: 'https://planer.example' });
    const user = await freshUser();
    const res = await login(app, user.email, PASSWORD, { headers: { origin: 'https://planer.example' } });
    expect(res.statusCode).toBe(200);
    for (const c of setCookies(res)) expect(c).toMatch(/;\s*Secure/i);
  });
});

describe('the device cookie', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({ LOGIN_MAX_FAILURES: '2', LOGIN_MAX_FAILURES_PER_IP: '3', LOGIN_BACKOFF_SECONDS: '60' });
  }, 60_000);
  afterAll(() => app?.close());

  it('lifts the per-account backoff, not the per-IP limit', { timeout: 60_000 }, async () => {
    const user = await freshUser();
    const first = await login(app, user.email, PASSWORD, { ip: '192.0.2.10' });
    const device = setCookies(first).find((c) => c.startsWith('kq_device='))!;
    expect(device).toBeDefined();
    const cookie = device.split(';')[0];
    // The account is in backoff (attacker elsewhere) …
    for (let i = 0; i < 2; i++)
      expect((await login(app, user.email, 'falsch-xxxxxxxx', { ip: '192.0.2.20' })).statusCode).toBe(401);
    expect((await login(app, user.email, PASSWORD, { ip: '192.0.2.30' })).statusCode).toBe(429);
    // … the owner's browser gets in …
    expect((await login(app, user.email, PASSWORD, { ip: '192.0.2.10', headers: { cookie } })).statusCode).toBe(200);
    // … but its address's own limit still applies to it.
    for (let i = 0; i < 3; i++) {
      const res = await login(app, `nobody-${randomUUID()}@test.example`, 'falsch-xxxxxxxx', {
        ip: '192.0.2.10',
        headers: { cookie },
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await login(app, user.email, PASSWORD, { ip: '192.0.2.10', headers: { cookie } });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts wrong passwords from a device against the device, not the account', { timeout: 60_000 }, async () => {
    const user = await freshUser();
    const first = await login(app, user.email, PASSWORD, { ip: '192.0.2.40' });
    const cookie = setCookies(first)
      .find((c) => c.startsWith('kq_device='))!
      .split(';')[0];
    for (let i = 0; i < 2; i++)
      expect((await login(app, user.email, 'vertippt-xxxxxx', { ip: '192.0.2.41', headers: { cookie } })).statusCode).toBe(401);
    // The device is slowed down now …
    expect((await login(app, user.email, PASSWORD, { ip: '192.0.2.42', headers: { cookie } })).statusCode).toBe(429);
    // … the account is not: another browser still gets in.
    expect((await login(app, user.email, PASSWORD, { ip: '192.0.2.43' })).statusCode).toBe(200);
  });
});
