/**
 * Entry of a server process for sync restart tests (`node --import tsx`): the real app with the
 * run's backends (DATABASE_URL / REDIS_URL, else a persistent PGlite in DATA_DIR and the in-process
 * bus) and the sync tests' authorizer. Prints `SYNC_SERVER_LISTENING <port>` once it listens and
 * shuts down gracefully on SIGTERM, like main.ts.
 */
import { buildApp, loadConfig, migrate, openDatabase } from '@planner/server';
import { testDocAuthorizer } from '../integration/sync/helpers.ts';

const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...process.env });
// Opened here rather than by the database plugin: a persistent PGlite on a busy machine can take
// longer than Fastify's plugin timeout to open and recover after a kill -9.
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(db);
const app = await buildApp({ config, db, docAuthorizer: testDocAuthorizer });
process.on('SIGTERM', () => {
  app
    .close()
    .then(() => db.close())
    .then(
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
