import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { MemoryPubSub } from './platform/bus/memory-pubsub.ts';
import { loadConfig } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import { PgliteDatabase } from './platform/db/pglite-database.ts';

/** Fastify's default plugin timeout is 10 s; a first embedded start under CPU load took longer. */
const SLOWER_THAN_PLUGIN_TIMEOUT_MS = 10_500;

describe('start-up', () => {
  let real: Database | undefined;
  afterAll(async () => {
    await real?.close();
  });

  it('a database that is slow to answer at start (a first PGlite start under load) does not fail the start', {
    timeout: 60_000,
  }, async () => {
    real = await PgliteDatabase.open('memory://');
    const db = real;
    let first = true;
    // The same real database; only its first statement (the migration lock) is held back.
    const slow = new Proxy(db, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (first) {
            first = false;
            await new Promise((r) => setTimeout(r, SLOWER_THAN_PLUGIN_TIMEOUT_MS));
          }
          return value.apply(target, args);
        };
      },
    }) as Database;
    const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', DEMO_DATA: 'false', CLIENT_DIR: '/nonexistent' });
    const app = await buildApp({ config, db: slow, bus: new MemoryPubSub(), logger: false });
    try {
      await app.ready();
      const res = await app.inject({ url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', db: 'pglite' });
    } finally {
      await app.close();
    }
  });
});
