/**
 * Entry of a server process for sync restart tests (`node --import tsx`): the real app with the
 * run's backends (DATABASE_URL / REDIS_URL, else a persistent PGlite in DATA_DIR and the in-process
 * bus) and the sync tests' authorizer. Prints `SYNC_SERVER_LISTENING <port>` once it listens and
 * shuts down gracefully on SIGTERM, like main.ts.
 */
import { buildApp, loadConfig } from '@planner/server';
import { testDocAuthorizer } from '../integration/sync/helpers.ts';

const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...process.env });
const app = await buildApp({ config, docAuthorizer: testDocAuthorizer });
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
});
await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
console.log(`SYNC_SERVER_LISTENING ${typeof address === 'object' && address ? address.port : config.port}`);
