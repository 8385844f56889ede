/**
 * S3 cold load (ours): a document whose log holds `updates` small stored updates and no snapshot.
 * A fresh server process; the time from the first client's connect to its sync reply. Then the
 * document is compacted (by the server itself after that first load, or here through the server's
 * own SqlDocStore if it did not) and the same is timed again on another fresh process.
 *
 * Storage: a fresh PostgreSQL database (the benchmark), or a fresh embedded PGlite data folder (the
 * smoke test on the embedded default), seeded directly in the tables of migration 002 while no
 * server runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { Database } from '@planner/server';
import { openDatabase } from '@planner/server/platform/db/open';
import { migrate } from '@planner/server/platform/db/migrate';
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

interface Storage {
  env: Record<string, string>;
  /** Runs `fn` on the storage while no server uses it (PGlite allows one process at a time). */
  use<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

async function postgresStorage(): Promise<Storage> {
  const fresh = await freshDatabase();
  const db = await openDatabase({ databaseUrl: fresh.url, dataDir: '' });
  return {
    env: { DATABASE_URL: fresh.url },
    use: (fn) => fn(db),
    async dispose() {
      await db.close();
      await fresh.drop();
    },
  };
}

function pgliteStorage(): Storage {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planner-bench-s3-'));
  return {
    env: { DATA_DIR: dir },
    async use(fn) {
      const db = await openDatabase({ dataDir: dir });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function timeFirstSync(env: Record<string, string>, doc: string) {
  const server = await startTarget('ours', env);
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

export async function runColdLoad(o: { updates: number; storage?: 'postgres' | 'pglite' }, round = 1): Promise<RunRow[]> {
  const storage = o.storage === 'pglite' ? pgliteStorage() : await postgresStorage();
  const doc = `bench-s3-${Date.now().toString(36)}`;
  const count = async (db: Database) => {
    const { rows } = await db.query<{ log: number; snap: number }>(
      `select (select count(*) from document_updates where doc_id = $1)::int as log, (select count(*) from documents where id = $1)::int as snap`,
      [doc],
    );
    return rows[0];
  };
  try {
    const updates = smallUpdates(o.updates);
    const before = await storage.use(async (db) => {
      await migrate(db);
      for (let i = 0; i < updates.length; i += 1000) {
        const chunk = updates.slice(i, i + 1000);
        await db.query(
          `insert into document_updates (doc_id, update) values ${chunk.map((_, k) => `($1, $${k + 2})`).join(', ')}`,
          [doc, ...chunk],
        );
      }
      return count(db);
    });
    const cold = await timeFirstSync(storage.env, doc);
    const { mid, compactedBy } = await storage.use(async (db) => {
      let mid = await count(db);
      let compactedBy = 'the server after the first load';
      if (mid.log > 0 || mid.snap === 0) {
        await new SqlDocStore(db).compact(doc);
        compactedBy = 'the bench (SqlDocStore.compact): the server had not';
        mid = await count(db);
      }
      return { mid, compactedBy };
    });
    const warm = await timeFirstSync(storage.env, doc);
    const base = { scenario: 'S3', target: 'ours', round, valid: true };
    return [
      {
        ...base,
        variant: `${o.updates} stored updates, before compaction`,
        metrics: { loadMs: cold.ms, logRows: before.log, snapshot: before.snap, syncBytes: cold.bytes },
      },
      {
        ...base,
        variant: `after compaction`,
        note: `compacted by ${compactedBy}`,
        metrics: { loadMs: warm.ms, logRows: mid.log, snapshot: mid.snap, syncBytes: warm.bytes },
      },
    ];
  } finally {
    await storage.dispose();
  }
}
