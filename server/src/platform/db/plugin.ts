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
  /** The open, migrated database (see {@link openMigrated}). */
  db: Database;
  /** Close it when the app closes (false for a database shared by tests). */
  owned: boolean;
}

/**
 * Opens the database (PostgreSQL or embedded PGlite) and applies migrations. Called before the plugin
 * tree is built: a first embedded start (PGlite unpacking its data folder, seconds, longer under CPU
 * load) must never run into Fastify's plugin timeout.
 */
export async function openMigrated(
  config: { databaseUrl?: string; dataDir: string },
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
  shared?: Database,
): Promise<Database> {
  const db =
    shared ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      log: (fields, msg) => log.error(fields, msg),
    }));
  try {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied, db: db.kind }, 'migrations applied');
  } catch (err) {
    if (!shared) await db.close();
    throw err;
  }
  return db;
}

/** Decorates `app.db` and closes an owned database on shutdown. */
export default fp<DatabasePluginOptions>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    if (opts.owned) app.addHook('onClose', async () => opts.db.close());
  },
  { name: 'database', dependencies: ['config'] },
);
