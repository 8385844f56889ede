import * as Y from 'yjs';
import { toJSON, type PlanDocJSON } from '@planner/shared/plan/index';
import type { SyncApi } from '../realtime/sync-plugin.ts';
import { docRevision } from './staleness.ts';

/** Reads plan documents: the live one through the sync layer, old ones from a stored state. */
export interface DocReader {
  /** The live document as JSON and as one Yjs update (both from the same moment). */
  live(planId: string): Promise<{ json: PlanDocJSON; state: Uint8Array; revision?: number }>;
}

export function syncDocReader(sync: Pick<SyncApi, 'withDoc'>): DocReader {
  return {
    live: (planId) =>
      sync.withDoc(planId, (doc) => ({ json: toJSON(doc).plan, state: Y.encodeStateAsUpdate(doc), revision: docRevision(doc) })),
  };
}

/** The JSON form of a stored document state. */
export function stateToJSON(state: Uint8Array): PlanDocJSON {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return toJSON(doc).plan;
  } finally {
    doc.destroy();
  }
}

export const iso = (d: Date | string) => new Date(d).toISOString();
