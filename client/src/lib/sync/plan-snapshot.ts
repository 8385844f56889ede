import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { toJSON, type PlanDocJSON } from '@planner/shared/plan/index';

/**
 * Reads a plan document once, read-only: connects the stock y-websocket provider to `/yjs/<planId>`
 * (session cookie), waits for the first sync, returns the JSON form and disconnects. For overviews
 * (e.g. tasks assigned to me) that do not need a live document.
 */
export function readPlanOnce(planId: string, timeoutMs = 10_000): Promise<PlanDocJSON> {
  return new Promise((resolve, reject) => {
    const doc = new Y.Doc();
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
    const provider = new WebsocketProvider(url, planId, doc, { connect: true, maxBackoffTime: 2000 });
    const done = (fn: () => void) => {
      clearTimeout(timer);
      provider.destroy();
      fn();
      doc.destroy();
    };
    const timer = setTimeout(() => done(() => reject(new Error('timeout'))), timeoutMs);
    provider.on('sync', (synced: boolean) => {
      if (synced) done(() => resolve(toJSON(doc).plan));
    });
  });
}
