import type { Database } from './database.ts';

/** Opens PostgreSQL when a URL is given, else the embedded PGlite in `dataDir`. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) {
    const { PgDatabase } = await import('./pg-database.ts');
    return new PgDatabase(opts.databaseUrl);
  }
  const { PgliteDatabase } = await import('./pglite-database.ts');
  return PgliteDatabase.open(opts.dataDir);
}
