import * as Y from 'yjs';
import WS from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { MESSAGE_SAVED, decodeSavedMessage } from '@planner/shared/sync-protocol';

/**
 * The one y-websocket client opener of the tests: a stock `WebsocketProvider` (`WebSocketPolyfill: ws`,
 * `disableBc: true`) on `WS /yjs/<docId>`, as non-browser clients connect. Fixtures (fixtures.ts) close
 * what they open; the older helpers (`connect`, `openProvider`, review's `openDoc`) are aliases of these.
 */
export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when the first sync with the server completed. */
  synced: Promise<void>;
  /** For `ack: true` clients: the latest saved acknowledgement. */
  saved: { savedThrough: number; clock: number };
  /** Destroys provider and document (idempotent). */
  close(): void;
  /** Same as close(). */
  destroy(): void;
}

export interface DocClientOptions {
  /** Bearer token (`?token=`); omitted for cookie-only or anonymous connections. */
  token?: string;
  /** Ask for the server's "saved" acknowledgements (`?ack=1`) and record them in `saved`. */
  ack?: boolean;
  /** Headers on the websocket upgrade (a browser's cookie and Origin). */
  headers?: Record<string, string>;
  /** The provider's reconnect backoff cap. */
  maxBackoffTime?: number;
}

/** Opens a stock provider; does not wait for the sync (see `synced`, or use {@link openSyncedDoc}). */
export function connectDoc(wsUrl: string, docId: string, opts: DocClientOptions = {}): DocClient {
  const doc = new Y.Doc();
  const params: Record<string, string> = {};
  if (opts.token) params.token = opts.token;
  if (opts.ack) params.ack = '1';
  const headers = opts.headers;
  const Polyfill = headers
    ? class HeaderWS extends WS {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers });
        }
      }
    : WS;
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, docId, doc, {
    WebSocketPolyfill: Polyfill as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
    ...(opts.maxBackoffTime !== undefined ? { maxBackoffTime: opts.maxBackoffTime } : {}),
  });
  const saved = { savedThrough: 0, clock: 0 };
  if (opts.ack) {
    // The browser client's way to read the extension: one more entry in the provider's handler table.
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const msg = decodeSavedMessage(decoder.arr.subarray(0));
      if (!msg) return;
      saved.savedThrough = msg.savedThrough;
      saved.clock = msg.stateVector.get(doc.clientID) ?? 0;
    };
  }
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (s: boolean) => s && resolve());
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    provider.destroy();
    doc.destroy();
  };
  return { doc, provider, synced, saved, close, destroy: close };
}

/** Opens a stock provider and resolves once it synced; rejects after `timeoutMs`. */
export async function openSyncedDoc(
  wsUrl: string,
  docId: string,
  opts: DocClientOptions & { timeoutMs?: number } = {},
): Promise<DocClient> {
  const client = connectDoc(wsUrl, docId, opts);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.synced,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`provider for ${docId} did not sync in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    client.close();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** A stock y-websocket client on `/yjs/<planId>` with a bearer token (not yet synced: await `synced`). */
export function openDoc(wsUrl: string, planId: string, token: string): DocClient {
  return connectDoc(wsUrl, planId, { token });
}
