import fp from 'fastify-plugin';
import type { Database } from './database.ts';
import { openDatabase } from './open.ts';
import { migrate } from './migrate.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export interface DatabasePluginOptions {
  /** An already-open database (shared in tests); not closed by this plugin. */
  db?: Database;
}

/** Opens the database (PostgreSQL or embedded PGlite), applies migrations, closes it on shutdown. */
export default fp<DatabasePluginOptions>(
  async (app, opts) => {
    const owned = !opts.db;
    const db = opts.db ?? (await openDatabase({ databaseUrl: app.config.databaseUrl, dataDir: app.config.dataDir }));
    const applied = await migrate(db);
    if (applied.length) app.log.info({ applied, db: db.kind }, 'migrations applied');
    app.decorate('db', db);
    if (owned) app.addHook('onClose', async () => db.close());
  },
  { name: 'database', dependencies: ['config'] },
);
