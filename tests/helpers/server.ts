import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import {
  buildApp,
  loadConfig,
  MemoryHub,
  MemoryPubSub,
  type BuildOptions,
  type Database,
  type DocAuthorizer,
  type PubSub,
} from '@planner/server';
import { REDIS_URL, DATABASE_URL } from './backends.ts';
import { sharedDatabase } from './db.ts';

/**
 * Uploaded files (issue 17) of the servers of one test process go to a temp folder, never to the
 * working tree's `.data/` (DATA_DIR only holds blobs here: the database is shared or PostgreSQL).
 */
const blobDir = mkdtempSync(path.join(tmpdir(), 'planner-test-data-'));
process.once('exit', () => rmSync(blobDir, { recursive: true, force: true }));

/** Instances started in one test process share this hub, standing in for the network between them. */
const hub = new MemoryHub();

export interface TestServer {
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for loadConfig (e.g. NODE_ENV). */
  env?: Record<string, string | undefined>;
  /** Use this database instead of the shared one. */
  db?: Database;
  /** Use this bus instead of Redis / the shared in-process hub. */
  bus?: PubSub;
  /** Replace the accounts-based websocket authorization (sync-layer tests). */
  docAuthorizer?: DocAuthorizer;
  /** Listen on this port instead of a free one (a test that must name PUBLIC_URL before the start). */
  port?: number;
  /** Fastify's logger options (e.g. a pino `stream` to read the log lines). */
  logger?: FastifyServerOptions['logger'];
  /** Pictures of public entries for their pages (public-web); default: none. */
  eventImages?: BuildOptions['eventImages'];
}

/**
 * Starts a real server on a free port with the run's backends (see backends.ts): the shared PGlite or
 * real PostgreSQL, the shared in-process hub or real Redis. Tests talk to it over HTTP and websockets.
 */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL,
    REDIS_URL,
    DEMO_DATA: 'false',
    // Many tests ask for reset links from one address (127.0.0.1); password-reset.test.ts sets its own limit.
    PASSWORD_RESET_PER_EMAIL: '1000',
    PASSWORD_RESET_PER_IP: '1000',
    // …and make many applicant accounts from it; account-limit.test.ts sets its own limit.
    APPLICATION_ACCOUNTS_PER_IP: '1000',
    DATA_DIR: blobDir,
    ...opts.env,
  });
  const db = opts.db ?? (config.databaseUrl ? undefined : await sharedDatabase());
  const bus = opts.bus ?? (config.redis ? undefined : new MemoryPubSub(hub));
  const app = await buildApp({
    config,
    db,
    bus,
    docAuthorizer: opts.docAuthorizer,
    logger: opts.logger,
    eventImages: opts.eventImages,
  });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closed = false;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      if (bus && !opts.bus) await bus.close();
    },
  };
}
