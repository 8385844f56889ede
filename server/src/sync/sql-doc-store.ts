import type { Database } from '../platform/db/database.ts';
import type { AppendEntry, CompactResult, DocStore, StoredDoc } from './doc-store.ts';
import { mergeStored } from './compaction.ts';

/** First key of the two-key advisory lock that guards a document's compaction. */
const COMPACTION_LOCK = 724_100_002;
/** Rows per INSERT statement (two parameters each, far below PostgreSQL's 65535). */
const INSERT_CHUNK = 1000;

const toBytes = (v: unknown): Uint8Array => {
  if (v instanceof Uint8Array) return v;
  throw new Error('expected a bytea column');
};

/**
 * {@link DocStore} over the project's `Database` (tables of migration 002_sync.sql). The same SQL runs
 * on PGlite and PostgreSQL.
 */
export class SqlDocStore implements DocStore {
  constructor(private readonly db: Database) {}

  async load(docId: string): Promise<StoredDoc> {
    // One statement, so snapshot and log come from the same database snapshot even while another
    // instance compacts this document.
    const { rows } = await this.db.query<{ id: number; data: Uint8Array }>(
      `select 0::bigint as id, state as data from documents where id = $1
       union all
       select id, update as data from document_updates where doc_id = $1
       order by id`,
      [docId],
    );
    let snapshot: Uint8Array | null = null;
    const updates: Uint8Array[] = [];
    for (const r of rows) {
      if (Number(r.id) === 0) snapshot = toBytes(r.data);
      else updates.push(toBytes(r.data));
    }
    return { snapshot, updates };
  }

  async append(entries: readonly AppendEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const write = async (q: Pick<Database, 'query'>, chunk: readonly AppendEntry[]) => {
      const params: unknown[] = [];
      const values = chunk.map((e, i) => {
        params.push(e.docId, e.update);
        return `($${2 * i + 1}, $${2 * i + 2})`;
      });
      await q.query(`insert into document_updates (doc_id, update) values ${values.join(', ')}`, params);
    };
    // One statement is one transaction already; more need an explicit one to stay all-or-nothing.
    if (entries.length <= INSERT_CHUNK) return write(this.db, entries);
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += INSERT_CHUNK) await write(tx, entries.slice(i, i + INSERT_CHUNK));
    });
  }

  async compact(docId: string): Promise<CompactResult> {
    const skipped = { compacted: false, merged: 0, bytes: 0 };
    // Read and merge outside any transaction: merging a long log takes seconds, and a transaction
    // held that long would block every other query of the embedded database (one connection).
    const { rows } = await this.db.query<{ id: number; data: Uint8Array; version: number }>(
      `select 0::bigint as id, state as data, version from documents where id = $1
       union all
       select id, update as data, 0::bigint as version from document_updates where doc_id = $1
       order by id`,
      [docId],
    );
    const base = rows.find((r) => Number(r.id) === 0);
    const log = rows.filter((r) => Number(r.id) !== 0);
    if (log.length === 0) return skipped;
    const state = mergeStored(
      base ? toBytes(base.data) : null,
      log.map((r) => toBytes(r.data)),
    );
    const baseVersion = base ? Number(base.version) : 0;
    return this.db.transaction(async (tx) => {
      const lock = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1, hashtext($2)) as ok', [
        COMPACTION_LOCK,
        docId,
      ]);
      if (!lock.rows[0]?.ok) return skipped;
      // Another compaction committed since the read: its snapshot may hold rows this merge lacks.
      const current = await tx.query<{ version: number }>('select version from documents where id = $1', [docId]);
      if (Number(current.rows[0]?.version ?? 0) !== baseVersion) return skipped;
      await tx.query(
        `insert into documents (id, state, version) values ($1, $2, 1)
         on conflict (id) do update set state = excluded.state, version = documents.version + 1, compacted_at = now()`,
        [docId, state],
      );
      // Exactly the rows merged above: rows appended since the read stay in the log.
      const ids = log.map((r) => Number(r.id));
      for (let i = 0; i < ids.length; i += 10_000) {
        await tx.query('delete from document_updates where doc_id = $1 and id = any($2::bigint[])', [
          docId,
          ids.slice(i, i + 10_000),
        ]);
      }
      return { compacted: true, merged: log.length, bytes: state.length };
    });
  }
}
