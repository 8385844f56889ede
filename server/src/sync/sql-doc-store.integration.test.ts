import { afterAll, describe } from 'vitest';
import { PgDatabase } from '../platform/db/pg-database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { SqlDocStore } from './sql-doc-store.ts';
import { docStoreContract } from './doc-store.contract.ts';

// Runs against the real PostgreSQL of `.ci/run`'s second pass (DATABASE_URL); skipped otherwise.
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('SqlDocStore (real PostgreSQL)', () => {
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
