/**
 * S3 cold load (ours, PostgreSQL): a document whose log holds `updates` small stored updates and no
 * snapshot. A fresh server process; the time from the first client's connect to its sync reply.
 * Then the document is compacted (by the server itself after the first load, or here through the
 * server's own SqlDocStore if it did not), and the same is timed again on another fresh process.
 */
import * as Y from 'yjs';
import { migrate } from '@planner/server';
import { PgDatabase } from '@planner/server/db/pg-database';
import { SqlDocStore } from '@planner/server/sync/sql-doc-store';
import { LightClient } from '../lib/clients.ts';
import { freshDatabase } from '../lib/backends.ts';
import { docUrl, startTarget } from '../lib/target.ts';
import type { RunRow } from './types.ts';

/** `n` small updates as a person typing and moving things would make them, one per transaction. */
export function smallUpdates(n: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const text = doc.getText('concept');
  const layout = doc.getMap<unknown>('layout');
  const alphabet = 'abcdefghijklmnopqrstuvwxyzäöü ';
  for (let i = 0; out.length < n; i++) {
    if (i % 10 === 9) layout.set(`item-${i % 50}`, { x: i % 1000, y: (i * 7) % 800 });
    else text.insert(text.length, alphabet[i % alphabet.length]);
  }
  doc.destroy();
  return out.slice(0, n);
}

async function timeFirstSync(dbUrl: string, doc: string) {
  const server = await startTarget('ours', { DATABASE_URL: dbUrl });
  try {
    const c = new LightClient('y-websocket', docUrl('ours', server.wsBase, doc), doc, 'cold', null);
    await c.connect(120_000);
    const ms = c.syncedAt - c.openedAt;
    const bytes = c.syncBytes;
    c.close();
    return { ms, bytes };
  } finally {
    await server.stop(); // flushes and waits for a compaction in progress
  }
}

export async function runColdLoad(o: { updates: number }, round = 1): Promise<RunRow[]> {
  const fresh = await freshDatabase();
  const db = new PgDatabase(fresh.url, 2);
  try {
    await migrate(db);
    const doc = `bench-s3-${Date.now().toString(36)}`;
    const updates = smallUpdates(o.updates);
    for (let i = 0; i < updates.length; i += 5000) {
      await fresh.client.query('insert into document_updates (doc_id, update) select $1, u from unnest($2::bytea[]) as u', [
        doc,
        updates.slice(i, i + 5000).map((u) => Buffer.from(u)),
      ]);
    }
    const count = async () => {
      const { rows } = await fresh.client.query(
        `select (select count(*) from document_updates where doc_id = $1)::int as log, (select count(*) from documents where id = $1)::int as snap`,
        [doc],
      );
      return rows[0] as { log: number; snap: number };
    };
    const before = await count();
    const cold = await timeFirstSync(fresh.url, doc);
    let compactedBy = 'server';
    let mid = await count();
    if (mid.log > 0 || mid.snap === 0) {
      await new SqlDocStore(db).compact(doc);
      compactedBy = 'bench (SqlDocStore.compact)';
      mid = await count();
    }
    const warm = await timeFirstSync(fresh.url, doc);
    const base = { scenario: 'S3', target: 'ours', round, valid: true };
    return [
      { ...base, variant: `${o.updates} stored updates, before compaction`, metrics: { loadMs: cold.ms, logRows: before.log, snapshot: before.snap, syncBytes: cold.bytes } },
      {
        ...base,
        variant: `after compaction`,
        note: `compacted by ${compactedBy}`,
        metrics: { loadMs: warm.ms, logRows: mid.log, snapshot: mid.snap, syncBytes: warm.bytes },
      },
    ];
  } finally {
    await db.close();
    await fresh.drop();
  }
}
