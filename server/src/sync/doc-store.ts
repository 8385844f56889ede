/**
 * Durable storage of Yjs documents: a snapshot plus an append-only log of updates per document.
 * Implementations: {@link MemoryDocStore} (tests, tools) and {@link SqlDocStore} (PGlite and
 * PostgreSQL through the project's `Database`). Both pass `doc-store.contract.ts`.
 *
 * Invariants every implementation keeps:
 * - `append` is atomic: when it resolves, every entry is durable; when it rejects, none is.
 * - `load` reads snapshot and log as of one moment (never a snapshot from after a compaction with
 *   the log from before it, or the other way round).
 * - `compact` replaces snapshot + the log rows it read by their merge in one transaction and deletes
 *   exactly those rows; rows appended meanwhile stay in the log. Concurrent compactions of one
 *   document are excluded (the loser skips).
 * - Nothing here ever writes a document state that did not come from stored data: a server that
 *   failed to load a document cannot overwrite it with an empty one.
 */
export interface StoredDoc {
  /** The compacted state, or null when the document was never compacted. */
  snapshot: Uint8Array | null;
  /** Log rows after the snapshot, in append order. */
  updates: Uint8Array[];
}

export interface AppendEntry {
  docId: string;
  update: Uint8Array;
}

export interface CompactResult {
  /** False when another compaction held the document's lock or the log was empty. */
  compacted: boolean;
  /** Log rows merged into the snapshot. */
  merged: number;
  /** Size of the new snapshot in bytes (0 when not compacted). */
  bytes: number;
}

export interface DocStore {
  load(docId: string): Promise<StoredDoc>;
  /** Appends the entries (any documents) in one transaction: the group commit. */
  append(entries: readonly AppendEntry[]): Promise<void>;
  /** Merges snapshot and log into a new snapshot, deleting the merged rows in the same transaction. */
  compact(docId: string): Promise<CompactResult>;
}
