import { test as base } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startServer, type StartOptions, type TestServer } from './server.ts';
import { connectRecorder, type Recorder } from './sockets.ts';
import { connectDoc, openSyncedDoc, type DocClient, type DocClientOptions } from './yjs.ts';
import { createWorld, type World } from '../integration/accounts/fixtures.ts';

export { waitFor } from './wait.ts';
export type { World } from '../integration/accounts/fixtures.ts';

/**
 * The test kit: `import { test } from '../../helpers/fixtures.ts'` and ask for what a test needs.
 *
 * File-scoped (one per test file, closed after its last test; also available in `test.beforeAll`).
 * They start lazily where first asked for: ask in `test.beforeAll` so that opening the database and
 * signing everyone in counts against hookTimeout, not against the first test's testTimeout.
 * - `server`: a real server on a free port with the run's backends (shared PGlite + in-process hub, or
 *   PostgreSQL + Redis when DATABASE_URL/REDIS_URL are set). Choose other backends or settings per file
 *   with `const test = withServerOptions({ env: {...}, docAuthorizer })` at the top of the file (not
 *   `test.override`: under `isolate: false` the files of a worker share this module, and an override
 *   leaked into the files that ran after it).
 * - `server2`: a second instance with the same options (fan-out across instances: same PGlite and
 *   in-process hub, or the same PostgreSQL and Redis).
 * - `world`: a fresh demo set on that server, every person signed in (`world.api.staff.get(...)`,
 *   `world.tokens.owner`, ...), see integration/accounts/fixtures.ts.
 * - `browser`: headless Chromium (browser suites guard with `describe.runIf(browserSuites())`).
 *
 * Test-scoped (closed when the test ends, even when it fails):
 * - `openDoc(planId, token | options)`: a stock y-websocket client, resolved once synced.
 * - `connectDoc(planId, options)`: the same without waiting for the sync.
 * - `record(token)`: a socket.io client recording every event (`first`, `next`, `join`).
 * - `context(options?)`: a fresh browser context.
 */
export const test = base
  .extend('serverOptions', { scope: 'file' }, (): StartOptions => ({}))
  .extend('server', { scope: 'file' }, async ({ serverOptions }, { onCleanup }): Promise<TestServer> => {
    const server = await startServer(serverOptions);
    onCleanup(() => server.close());
    return server;
  })
  .extend('server2', { scope: 'file' }, async ({ serverOptions }, { onCleanup }): Promise<TestServer> => {
    const server = await startServer(serverOptions);
    onCleanup(() => server.close());
    return server;
  })
  .extend('world', { scope: 'file' }, ({ server }): Promise<World> => createWorld(server))
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their context
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('openDoc', async ({ server }, { onCleanup }) => {
    const open: DocClient[] = [];
    onCleanup(() => {
      for (const c of open) c.close();
    });
    return async (planId: string, auth: string | DocClientOptions): Promise<DocClient> => {
      const client = await openSyncedDoc(server.wsUrl, planId, typeof auth === 'string' ? { token: auth } : auth);
      open.push(client);
      return client;
    };
  })
  .extend('connectDoc', async ({ server }, { onCleanup }) => {
    const open: DocClient[] = [];
    onCleanup(() => {
      for (const c of open) c.close();
    });
    return (planId: string, opts: DocClientOptions = {}): DocClient => {
      const client = connectDoc(server.wsUrl, planId, opts);
      open.push(client);
      return client;
    };
  })
  .extend('record', async ({ server }, { onCleanup }) => {
    const open: Recorder[] = [];
    onCleanup(() => {
      for (const r of open) r.close();
    });
    return async (token: string, opts: { reconnection?: boolean } = {}): Promise<Recorder> => {
      const rec = await connectRecorder(server, token, opts);
      open.push(rec);
      return rec;
    };
  })
  .extend('context', async ({ browser }, { onCleanup }) => {
    const open: BrowserContext[] = [];
    onCleanup(() => Promise.all(open.map((c) => c.close())).then(() => undefined));
    return async (options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> => {
      const ctx = await browser.newContext(options);
      open.push(ctx);
      return ctx;
    };
  });

/** The kit with a file's own server settings (other backends, env, a test doc authorizer). */
export function withServerOptions(options: StartOptions) {
  return test.extend('serverOptions', { scope: 'file' }, (): StartOptions => options);
}
