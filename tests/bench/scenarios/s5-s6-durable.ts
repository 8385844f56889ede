/**
 * S5 saved acknowledgement and S6 storage, from one S1-shaped run of ours on a fresh PostgreSQL
 * database. Writers connect with `?ack=1` and time each edit until ours' `saved` frame covers it (S5).
 * Triggers installed before any client connects count every byte inserted into document_updates
 * and written into documents (snapshots), including rows that compaction later deletes (S6); the
 * final compact state is the merge of what is stored after the server shut down.
 */
import * as Y from 'yjs';
import { freshDatabase } from '../lib/backends.ts';
import { lastFanoutDoc, runFanout, type FanoutOptions } from './s1-fanout.ts';
import type { RunRow } from './types.ts';

const COUNTERS = `
create table bench_bytes (tbl text primary key, writes bigint not null default 0, bytes bigint not null default 0);
insert into bench_bytes (tbl) values ('document_updates'), ('documents');
create function bench_count_update() returns trigger language plpgsql as $$
begin update bench_bytes set writes = writes + 1, bytes = bytes + octet_length(new.update) where tbl = 'document_updates'; return new; end $$;
create function bench_count_state() returns trigger language plpgsql as $$
begin update bench_bytes set writes = writes + 1, bytes = bytes + octet_length(new.state) where tbl = 'documents'; return new; end $$;
create trigger bench_count after insert on document_updates for each row execute function bench_count_update();
create trigger bench_count after insert or update on documents for each row execute function bench_count_state();
`;

export async function runDurable(o: FanoutOptions, round = 1): Promise<RunRow[]> {
  const fresh = await freshDatabase();
  try {
    const s5 = await runFanout(
      'ours',
      { ...o, ack: true, env: { DATABASE_URL: fresh.url }, afterStart: async () => void (await fresh.client.query(COUNTERS)) },
      'S5',
      `${o.observers} observers, PostgreSQL`,
      round,
    );
    const doc = lastFanoutDoc;
    const { rows: counted } = await fresh.client.query<{ tbl: string; writes: string; bytes: string }>(
      'select * from bench_bytes',
    );
    const by = Object.fromEntries(counted.map((r) => [r.tbl, { writes: Number(r.writes), bytes: Number(r.bytes) }]));
    const { rows: stored } = await fresh.client.query<{ data: Buffer }>(
      `select state as data from documents where id = $1 union all (select update from document_updates where doc_id = $1 order by id)`,
      [doc],
    );
    const ydoc = new Y.Doc();
    Y.transact(ydoc, () => {
      for (const r of stored) Y.applyUpdate(ydoc, r.data);
    });
    const finalBytes = Y.encodeStateAsUpdate(ydoc).length;
    const edits = ydoc.getArray('bench').length;
    ydoc.destroy();
    const { rows: size } = await fresh.client.query<{ bytes: string }>(
      `select pg_total_relation_size('document_updates') + pg_total_relation_size('documents') as bytes`,
    );
    const logBytes = by.document_updates.bytes;
    const snapBytes = by.documents.bytes;
    const s6: RunRow = {
      scenario: 'S6',
      variant: `bytes written for S5's edits`,
      target: 'ours',
      round,
      valid: s5.valid,
      metrics: {
        editsStored: edits,
        logRows: by.document_updates.writes,
        logBytes,
        snapshotWrites: by.documents.writes,
        snapshotBytes: snapBytes,
        finalStateBytes: finalBytes,
        ratioLog: logBytes / finalBytes,
        ratioAll: (logBytes + snapBytes) / finalBytes,
        tableBytesOnDisk: Number(size[0].bytes),
      },
    };
    return [s5, s6];
  } finally {
    await fresh.drop();
  }
}
