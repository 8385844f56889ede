import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { PgliteDatabase } from './pglite-database.ts';

let shared: Promise<Database> | undefined;

/**
 * For the server's own tests: one in-memory PGlite per test process, migrated once (opening one costs
 * seconds and hundreds of MB; the server project's files share one worker). Never closed by a test.
 */
export function sharedTestDatabase(): Promise<Database> {
  shared ??= (async () => {
    const db = await PgliteDatabase.open('memory://');
    await migrate(db);
    return db;
  })();
  return shared;
}
