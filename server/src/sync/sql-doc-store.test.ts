import { afterAll } from 'vitest';
import { PgliteDatabase } from '../platform/db/pglite-database.ts';
import { migrate } from '../platform/db/migrate.ts';
import type { Database } from '../platform/db/database.ts';
import { SqlDocStore } from './sql-doc-store.ts';
import { docStoreContract } from './doc-store.contract.ts';

// The embedded backend; sql-doc-store.integration.test.ts runs the same contract on PostgreSQL.
let db: Promise<Database> | undefined;
const open = () =>
  (db ??= (async () => {
    const d = await PgliteDatabase.open('memory://');
    await migrate(d);
    return d;
  })());

afterAll(async () => {
  if (db) await (await db).close();
});

docStoreContract('sql on PGlite', async () => new SqlDocStore(await open()), { propertyRuns: 40 });
