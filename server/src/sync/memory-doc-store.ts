import type { AppendEntry, CompactResult, DocStore, StoredDoc } from './doc-store.ts';
import { mergeStored } from './compaction.ts';

interface Entry {
  snapshot: Uint8Array | null;
  log: { id: number; update: Uint8Array }[];
  compacting: boolean;
}

/** In-memory {@link DocStore}: same semantics as the SQL one, nothing survives the process. */
export class MemoryDocStore implements DocStore {
  private readonly docs = new Map<string, Entry>();
  private nextId = 1;

  private entry(docId: string): Entry {
    let e = this.docs.get(docId);
    if (!e) this.docs.set(docId, (e = { snapshot: null, log: [], compacting: false }));
    return e;
  }

  async load(docId: string): Promise<StoredDoc> {
    const e = this.docs.get(docId);
    return { snapshot: e?.snapshot ?? null, updates: e ? e.log.map((r) => r.update) : [] };
  }

  async append(entries: readonly AppendEntry[]): Promise<void> {
    // Copies: the caller may reuse its buffers, a database would not see later changes either.
    for (const { docId, update } of entries) this.entry(docId).log.push({ id: this.nextId++, update: update.slice() });
  }

  async compact(docId: string): Promise<CompactResult> {
    const e = this.docs.get(docId);
    if (!e || e.compacting || e.log.length === 0) return { compacted: false, merged: 0, bytes: 0 };
    e.compacting = true;
    try {
      const rows = e.log.slice();
      // Yield like a database round trip would, so appends can interleave with a compaction.
      await Promise.resolve();
      const state = mergeStored(
        e.snapshot,
        rows.map((r) => r.update),
      );
      const merged = new Set(rows.map((r) => r.id));
      e.snapshot = state;
      e.log = e.log.filter((r) => !merged.has(r.id));
      return { compacted: true, merged: rows.length, bytes: state.length };
    } finally {
      e.compacting = false;
    }
  }
}
