-- Live plan sync: one compacted Yjs snapshot per document plus an append-only log of updates.
-- A document loads as its snapshot plus the log rows after it; compaction merges both into a new
-- snapshot and deletes the merged rows in the same transaction (see server/src/sync/sql-doc-store.ts).
create table documents (
  id text primary key,
  state bytea not null,
  -- Bumped by every compaction: a compaction that merged an older snapshot must not replace a newer one.
  version bigint not null default 1,
  compacted_at timestamptz not null default now()
);

create table document_updates (
  id bigserial primary key,
  doc_id text not null,
  update bytea not null,
  created_at timestamptz not null default now()
);

create index document_updates_doc_id_id on document_updates (doc_id, id);
