/**
 * Entry of one migration runner as its own process (`node --import tsx`): migrates DATABASE_URL and
 * prints `MIGRATED <json list of the versions this run applied>`. The migrations test starts two at once.
 */
import { migrate } from '@planner/server';
import { PgDatabase } from '@planner/server/platform/db/pg-database';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('migrate-process needs DATABASE_URL');
const db = new PgDatabase(url, 1);
try {
  const applied = await migrate(db);
  console.log(`MIGRATED ${JSON.stringify(applied)}`);
} finally {
  await db.close();
}
