import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import type { DocAuthorizer } from '@planner/server';
import { connectDoc, type DocClient } from '../../helpers/yjs.ts';

/**
 * Test authorization for the sync layer until accounts exist: `?token=w:<user>` may write,
 * `?token=r:<user>` may read, no token is 401, anything else 403, and document ids starting with
 * `missing-` are 404.
 */
export const testDocAuthorizer: DocAuthorizer = async (req: IncomingMessage, docId: string) => {
  if (docId.startsWith('missing-')) return { deny: 404 };
  const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
  if (!token) return { deny: 401 };
  const m = /^([wr]):(.+)$/.exec(token);
  if (!m) return { deny: 403 };
  return { userId: m[2], canWrite: m[1] === 'w' };
};

export const freshDocId = (tag = 'doc') => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export type Client = DocClient;

/** A stock y-websocket client (see helpers/yjs.ts), reconnecting quickly for restart tests. */
export function connect(wsUrl: string, docId: string, token: string, opts: { ack?: boolean } = {}): Client {
  return connectDoc(wsUrl, docId, { token, ack: opts.ack, maxBackoffTime: 300 });
}

export interface RawClient {
  ws: WebSocket;
  frames: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array): void;
}

/** A raw websocket to `/yjs/<docId>` for crafted frames; resolves once open. */
export async function rawConnect(wsUrl: string, docId: string, query: string): Promise<RawClient> {
  const ws = new WebSocket(`${wsUrl}/yjs/${encodeURIComponent(docId)}?${query}`);
  const frames: Uint8Array[] = [];
  ws.on('message', (d: Buffer) => frames.push(new Uint8Array(d)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed, send: (f) => ws.send(f) };
}

/** Status of a refused upgrade (the server answers plain HTTP before upgrading). */
export function upgradeStatus(wsUrl: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}${path}`);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error('upgrade unexpectedly accepted'));
    });
    // A refused connection (no HTTP answer at all) is a failure, not a silent hang.
    ws.on('error', (err) => {
      if (ws.readyState !== ws.CLOSED) reject(err);
    });
  });
}

/** Content that tests compare across replicas (map keys sorted: a Y.Map's key order is local). */
export const contentOf = (doc: Y.Doc) => {
  const map = doc.getMap('layout').toJSON();
  return {
    text: doc.getText('concept').toString(),
    items: doc.getArray('items').toJSON(),
    map: Object.fromEntries(
      Object.keys(map)
        .sort()
        .map((k) => [k, map[k]]),
    ),
  };
};
