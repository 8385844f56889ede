import * as Y from 'yjs';

/**
 * Merges a stored snapshot and log rows into one update, as a document that applied all of them
 * would encode itself: deleted content is garbage-collected, and updates whose dependencies are
 * missing (pending structs) are kept, so merging never drops anything a later row may complete.
 */
export function mergeStored(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const u of updates) Y.applyUpdate(doc, u);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** When a document's log is merged into a new snapshot (see {@link shouldCompact}). */
export interface CompactionOptions {
  /** Consider compacting once this many log rows are behind the snapshot… */
  maxRows: number;
  /** …or this many bytes. */
  maxBytes: number;
  /**
   * Worth a rewrite: a compaction writes the whole state again, so it waits until the log holds at
   * least this many bytes (a log of a few hundred small rows loads in milliseconds)…
   */
  minLogBytes: number;
  /** …and at least this share of the snapshot's bytes (a 1 MB snapshot is not rewritten for 2 kB of edits). */
  minLogShare: number;
  /** Past this many rows the log is compacted whatever its size: load time grows with the row count. */
  hardMaxRows: number;
}

/**
 * Issue 19 (S6, write amplification): 500 rows used to trigger a full snapshot rewrite, so a document
 * edited with saved acknowledgements (one small row per commit) wrote its state twice more within a
 * thousand edits. Loading costs about 7 µs a row (S3: 100,000 rows in 0.9 s), so 10,000 rows are the
 * hard limit (~70 ms); below it the rewrite waits until it is worth its bytes.
 */
export const DEFAULT_COMPACTION: CompactionOptions = {
  maxRows: 500,
  maxBytes: 1024 * 1024,
  minLogBytes: 64 * 1024,
  minLogShare: 0.5,
  hardMaxRows: 10_000,
};

/** Whether a log of `rows` rows and `bytes` bytes behind a snapshot of `snapshotBytes` bytes is compacted now. */
export function shouldCompact(log: { rows: number; bytes: number }, snapshotBytes: number, opts: CompactionOptions): boolean {
  if (log.rows >= opts.hardMaxRows) return true;
  if (log.rows < opts.maxRows && log.bytes < opts.maxBytes) return false;
  return log.bytes >= Math.max(opts.minLogBytes, snapshotBytes * opts.minLogShare);
}
