import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { MemoryLimitStore } from '@planner/server/modules/accounts/limit-store';
import { FallbackLimitStore, RedisLimitStore } from '@planner/server/modules/accounts/redis-limit-store';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';
import { PASSWORD, freshEmail, freshUser } from './fixtures.ts';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from '../../helpers/private-redis.ts';

/**
 * Finding 6 of issue 15: with Redis gone, sign-in answered 500 after 6.4 s or hung past 10 s. The
 * sign-in limits now fall back to this process's memory at once, and go back to Redis when it returns.
 * This file runs its own redis-server on a free port (never the shared one) and takes it away.
 */
describe.runIf(hasRedisServer())('sign-in without Redis', () => {
  let redis: PrivateRedis;
  let server: TestServer;
  let probe: Redis;
  /** A request that hangs fails the test: a hang is the defect, not a slow machine. */
  const HANG_MS = 4000;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    server = await startServer({
      env: {
        REDIS_URL: redis.url,
        // X-Forwarded-For from the test (loopback) stands for a different client per step.
        TRUST_PROXY: 'loopback',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_MAX_FAILURES_PER_IP: '5',
        LOGIN_WINDOW_SECONDS: '60',
        LOGIN_BACKOFF_SECONDS: '60',
      },
    });
    probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    probe.on('error', () => {});
  });
  afterAll(async () => {
    probe?.disconnect();
    await server?.close();
    await redis?.close();
  });

  const login = async (email: string, password: string, ip: string) => {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: Math.round(performance.now() - started) };
  };

  it('signs in while Redis is stopped, still limits failures (in memory), and counts in Redis again once it is back', {
    timeout: 60_000,
  }, async () => {
    const user = await freshUser();
    const target = await freshUser();
    expect((await login(user.email, PASSWORD, '198.51.100.1')).status).toBe(200);

    await redis.stop();
    const down = await login(user.email, PASSWORD, '198.51.100.2');
    console.info(`[figures] sign-in with Redis stopped: ${down.status} in ${down.ms} ms`);
    expect(down.status).toBe(200);

    // The per-account limit still applies (3 failures, then backoff) …
    for (let i = 0; i < 3; i++) expect((await login(target.email, `falsch-${i}-xxxxxx`, '198.51.100.3')).status).toBe(401);
    expect((await login(target.email, `falsch-3-xxxxxx`, '198.51.100.3')).status).toBe(429);
    // … and so does the per-IP one (5 failures per window).
    for (let i = 0; i < 5; i++) expect((await login(freshEmail(), 'falsch-xxxxxx', '198.51.100.4')).status).toBe(401);
    expect((await login(user.email, PASSWORD, '198.51.100.4')).status).toBe(429);
    // Another client still gets in.
    expect((await login(user.email, PASSWORD, '198.51.100.5')).status).toBe(200);

    await redis.start();
    await probe.connect();
    // Back on Redis: a failure is counted there again (ioredis reconnects within its backoff). Each
    // try comes from another address, so none of them reaches the per-IP limit in memory meanwhile.
    let tries = 0;
    await waitFor(
      async () => {
        const ip = `198.51.101.${++tries}`;
        expect((await login(freshEmail(), 'falsch-xxxxxx', ip)).status).toBe(401);
        return (await probe.keys('*')).some((k) => k.endsWith(`ip:${ip}`));
      },
      15_000,
      'a failure counted in Redis again',
    );
    // What was counted in memory during the outage still holds.
    expect((await login(target.email, PASSWORD, '198.51.100.7')).status).toBe(429);
    expect((await login(user.email, PASSWORD, '198.51.100.4')).status).toBe(429);
    expect((await login(user.email, PASSWORD, '198.51.100.8')).status).toBe(200);
  });

  it('logs the switch to memory once (errors rate-limited) and the switch back', { timeout: 60_000 }, async () => {
    const lines: string[] = [];
    const sink = (_fields: Record<string, unknown>, msg: string) => void lines.push(msg);
    const store = new FallbackLimitStore(
      new RedisLimitStore(redis.url, { timeoutMs: 300, prefix: 'log-test:', log: () => {} }),
      new MemoryLimitStore(),
      { error: sink, info: (msg) => lines.push(msg) },
    );
    try {
      await waitFor(() => store.usingRedis, 10_000, 'the store to connect');
      expect(await store.incr('k', 60_000, false)).toBe(1);
      await redis.stop();
      // The outage goes on from this instance's own count (kept in memory all along).
      for (let i = 2; i <= 20; i++) expect(await store.incr('k', 60_000, false)).toBe(i);
      expect(store.usingRedis).toBe(false);
      expect(lines.filter((l) => l.includes('counting failures in memory'))).toHaveLength(1);
      await redis.start();
      await waitFor(() => store.usingRedis, 15_000, 'the store back on Redis');
      expect(lines.filter((l) => l.includes('Redis answers again'))).toHaveLength(1);
      // Counted in memory during the outage, on in Redis now (2): the larger count holds.
      expect(await store.incr('k', 60_000, false)).toBe(21);
    } finally {
      store.close();
    }
  });

  it('signs in while Redis is frozen (connected, answering nothing)', { timeout: 60_000 }, async () => {
    const user = await freshUser();
    redis.freeze();
    try {
      const first = await login(user.email, PASSWORD, '198.51.100.20');
      const second = await login(user.email, PASSWORD, '198.51.100.21');
      console.info(
        `[figures] sign-in with Redis frozen: ${first.status} in ${first.ms} ms, then ${second.status} in ${second.ms} ms`,
      );
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
    } finally {
      redis.thaw();
    }
  });
});
