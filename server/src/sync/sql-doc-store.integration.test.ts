import { afterAll, describe } from 'vitest';
import { PgDatabase } from '../platform/db/pg-database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { SqlDocStore } from './sql-doc-store.ts';
import { docStoreContract } from './doc-store.contract.ts';

// Runs in `.ci/run`'s second pass only (vitest.config.ts leaves *.integration.test.ts out of the embedded pass).
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set: this file runs only against the real service');

describe('SqlDocStore (real PostgreSQL)', () => {
  let db: PgDatabase | undefined;
  const open = async () => {
    if (!db) {
      db = new PgDatabase(url!, 4);
      await migrate(db);
    }
    return new SqlDocStore(db);
  };
  afterAll(async () => {
    await db?.close();
  });
  docStoreContract('sql on PostgreSQL', open, { propertyRuns: 40 });
});
