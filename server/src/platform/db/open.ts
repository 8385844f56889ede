import type { ErrorSink } from '../log-throttle.ts';
import type { Database } from './database.ts';

/** Opens PostgreSQL when a URL is given, else the embedded PGlite in `dataDir`. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; log?: ErrorSink }): Promise<Database> {
  if (opts.databaseUrl) {
    const { PgDatabase } = await import('./pg-database.ts');
    return new PgDatabase(opts.databaseUrl, undefined, opts.log);
  }
  const { PgliteDatabase } = await import('./pglite-database.ts');
  return PgliteDatabase.open(opts.dataDir);
}
