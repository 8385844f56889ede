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
