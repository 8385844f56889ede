import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import {
  MESSAGE_NOTICE,
  MESSAGE_SAVED,
  SYNC_ACK_PARAM,
  SyncCloseCode,
  decodeNoticeMessage,
  decodeSavedMessage,
  isDocumentFrame,
} from '@planner/shared/sync-protocol';

/**
 * The live plan document of one browser tab: the stock y-websocket provider on `/yjs/<planId>`
 * (session cookie), asking for "saved" acknowledgements (`?ack=1`, shared/src/sync-protocol.ts),
 * and y-indexeddb so that the document and offline edits survive a reload or a lost connection.
 *
 * Saved-state bookkeeping: the server counts this connection's document frames (sync step 2 and
 * update) from 1 and acknowledges `savedThrough` once they are durable. We count the same frames on
 * the way out (a WebSocket subclass wraps `send`), per connection: "saved" is `savedThrough >= sent`.
 */

export type LinkState = 'connecting' | 'online' | 'offline';

export interface ConnectionSnapshot {
  link: LinkState;
  /** The server has sent us its state at least once on this connection. */
  synced: boolean;
  /** The local IndexedDB copy has been read. */
  localLoaded: boolean;
  /** Document frames sent on the current connection that the server has not yet called durable. */
  unsaved: number;
  /** The server closed the connection for good (access revoked, malformed); no reconnecting. */
  closedFor: 'access' | 'error' | null;
  /**
   * The plan is at its size limit (notice `doc-too-large`): edits that grow it are refused, deleting
   * still works. Shown with the catalogue message `plan.tooLarge`.
   */
  tooLarge: { docBytes: number; limitBytes: number } | null;
}

interface CountingSocket extends WebSocket {
  docFramesSent: number;
  savedThrough: number;
}

function countingWebSocket(onChange: () => void): typeof WebSocket {
  return class CountingWebSocket extends WebSocket implements CountingSocket {
    docFramesSent = 0;
    savedThrough = 0;
    override send(data: Parameters<WebSocket['send']>[0]) {
      if (data instanceof Uint8Array && isDocumentFrame(data)) {
        this.docFramesSent++;
        queueMicrotask(onChange);
      }
      super.send(data);
    }
  };
}

export class PlanConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly local: IndexeddbPersistence;
  #listeners = new Set<(s: ConnectionSnapshot) => void>();
  #localLoaded = false;
  #browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
  #cleanup: (() => void)[] = [];
  #closedFor: ConnectionSnapshot['closedFor'] = null;
  #tooLarge: ConnectionSnapshot['tooLarge'] = null;

  constructor(planId: string, userId: string) {
    const notify = () => this.#emit();
    this.local = new IndexeddbPersistence(`kq-plan:${userId}:${planId}`, this.doc);
    this.local.whenSynced.then(
      () => {
        this.#localLoaded = true;
        notify();
      },
      // Without IndexedDB (private windows, quota) the plan still works online, only without an offline copy.
      (err: unknown) => console.warn('[offline copy] not available', err),
    );
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
    this.provider = new WebsocketProvider(url, planId, this.doc, {
      connect: !this.#browserOffline,
      params: { [SYNC_ACK_PARAM]: '1' },
      WebSocketPolyfill: countingWebSocket(notify),
      // Each tab talks to the server itself; tabs of one browser share IndexedDB, not a channel.
      disableBc: true,
      maxBackoffTime: 2500,
    });
    // The handler gets lib0's decoder positioned after the type; the frame itself is `decoder.arr`.
    this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder: unknown, decoder: { arr: Uint8Array }) => {
      const through = decodeSavedMessage(decoder.arr)?.savedThrough ?? 0;
      const ws = this.provider.ws as CountingSocket | null;
      if (ws && through > ws.savedThrough) ws.savedThrough = through;
      notify();
    };
    // The plan is too large: the server refused an edit (or the plan was over its limit when opened).
    this.provider.messageHandlers[MESSAGE_NOTICE] = (_encoder: unknown, decoder: { arr: Uint8Array }) => {
      const notice = decodeNoticeMessage(decoder.arr);
      if (notice?.code !== 'doc-too-large') return;
      // The refused edit stays in this tab's copy (and is sent again on the next connection, accepted
      // once the plan was trimmed); deleting works meanwhile. The save state stays "saving" until then.
      this.#tooLarge = { docBytes: notice.docBytes, limitBytes: notice.limitBytes };
      notify();
    };
    // Close codes 4400–4499 are permanent (the provider stops reconnecting): say why.
    this.provider.on('closed', (e: { code: number }) => {
      this.#closedFor = e.code === SyncCloseCode.ACCESS_REVOKED ? 'access' : 'error';
      notify();
    });
    this.provider.on('status', (e: { status: string }) => {
      // Each connection learns afresh whether the plan is (still) too large.
      if (e.status === 'connected') this.#tooLarge = null;
      notify();
    });
    this.provider.on('sync', notify);
    // The browser knows first when the network is gone; don't wait for the socket to time out.
    const offline = () => {
      this.#browserOffline = true;
      this.provider.disconnect();
      notify();
    };
    const online = () => {
      this.#browserOffline = false;
      if (this.#closedFor) return notify();
      this.provider.connect();
      notify();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.#cleanup.push(
      () => window.removeEventListener('offline', offline),
      () => window.removeEventListener('online', online),
    );
  }

  get awareness() {
    return this.provider.awareness;
  }

  snapshot(): ConnectionSnapshot {
    const ws = this.provider.ws as CountingSocket | null;
    const link: LinkState = this.provider.wsconnected
      ? 'online'
      : this.#browserOffline || this.provider.wsUnsuccessfulReconnects > 0 || !this.provider.shouldConnect
        ? 'offline'
        : 'connecting';
    return {
      link,
      synced: this.provider.synced,
      localLoaded: this.#localLoaded,
      unsaved: link === 'online' && ws ? Math.max(0, ws.docFramesSent - ws.savedThrough) : 0,
      closedFor: this.#closedFor,
      tooLarge: this.#tooLarge,
    };
  }

  /** Calls `fn` now and on every change of the snapshot's inputs; returns the unsubscribe function. */
  subscribe(fn: (s: ConnectionSnapshot) => void): () => void {
    this.#listeners.add(fn);
    fn(this.snapshot());
    return () => this.#listeners.delete(fn);
  }

  #emit() {
    const s = this.snapshot();
    for (const l of this.#listeners) l(s);
  }

  destroy() {
    for (const c of this.#cleanup) c();
    this.#listeners.clear();
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }
}
