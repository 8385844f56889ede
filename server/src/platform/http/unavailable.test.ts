import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp } from '../../app.ts';
import { MemoryPubSub } from '../bus/memory-pubsub.ts';
import { loadConfig } from '../config.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { sharedTestDatabase } from '../db/test-database.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

/** A local port with nothing listening: a PostgreSQL that is down, as `pg` sees it (ECONNREFUSED). */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** A port that accepts TCP and then says nothing: pg-pool's connect timeout. */
async function silentPort(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const srv = createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: (srv.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}

function upgradeRefusal(url: string): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error('upgrade unexpectedly accepted'));
    });
    ws.on('error', (err) => {
      if (ws.readyState !== ws.CLOSED) reject(err);
    });
  });
}

describe('connection-level database errors are recognised in one place', () => {
  it('a refused connection, a connect timeout, a server shutting down and class 08 are "unavailable"; a query error is not', async () => {
    const refused = new PgDatabase(`postgres://postgres@127.0.0.1:${await deadPort()}/x`, 1);
    const err = await refused.query('select 1').catch((e: unknown) => e);
    await refused.close();
    expect(isDatabaseUnavailable(err)).toBe(true);

    const silent = await silentPort();
    const slow = new PgDatabase(`postgres://postgres@127.0.0.1:${silent.port}/x`, 1);
    (slow.pool.options as { connectionTimeoutMillis: number }).connectionTimeoutMillis = 200;
    const timeout = await slow.query('select 1').catch((e: unknown) => e);
    await slow.close().catch(() => {});
    await silent.close();
    expect(isDatabaseUnavailable(timeout)).toBe(true);

    // What PostgreSQL sends (as pg's DatabaseError carries it): the SQLSTATE decides.
    const sqlstate = (code: string) => Object.assign(new Error('server said so'), { code });
    for (const code of ['57P01', '57P03', '08006', '08001', '53300'])
      expect(isDatabaseUnavailable(sqlstate(code)), code).toBe(true);
    for (const code of ['23505', '22P02', '40001', '42P01']) expect(isDatabaseUnavailable(sqlstate(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('boom', { cause: sqlstate('ECONNRESET') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([sqlstate('ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly, said nobody', { cause: null }))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('a database outage answers 503, not 500', () => {
  let app: FastifyInstance;
  let down: PgDatabase;
  let base: string;

  beforeAll(async () => {
    // The app runs on the tests' database; the parts under test read a PostgreSQL that is down.
    down = new PgDatabase(`postgres://postgres@127.0.0.1:${await deadPort()}/planner`, 2);
    const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    app = await buildApp({
      config,
      db: await sharedTestDatabase(),
      bus: new MemoryPubSub(),
      logger: false,
      // The websocket's authorization reads the database, as the accounts one does.
      docAuthorizer: async () => {
        await down.query('select 1');
        return { userId: 'u', canWrite: true };
      },
    });
    app.get('/api/test/database-down', async () => (await down.query('select 1')).rows);
    app.get('/api/test/transaction-down', async () => down.transaction(async (tx) => (await tx.query('select 1')).rows));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await down?.close();
  });

  it('REST: 503 UNAVAILABLE with Retry-After and the catalogue message, for a query and for a transaction', async () => {
    for (const url of ['/api/test/database-down', '/api/test/transaction-down']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(503);
      expect(Number(res.headers['retry-after']), url).toBeGreaterThan(0);
      expect(res.json()).toEqual({
        error: {
          code: 'UNAVAILABLE',
          key: 'error.unavailable',
          message: 'The service is unavailable right now. Please try again shortly.',
        },
      });
    }
  });

  it('the /yjs websocket upgrade is refused with 503 when its authorization cannot read the database', async () => {
    expect(await upgradeRefusal(`ws://${base}/yjs/some-plan`)).toEqual({ status: 503, retryAfter: '5' });
  });
});
