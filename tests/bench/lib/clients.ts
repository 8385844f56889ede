/**
 * Benchmark clients that run inside generator processes.
 *
 * - {@link LightClient}: speaks the protocol by hand; never applies what it receives to a Y.Doc. It
 *   times sync replies (last byte of step 2) and the markers inside update frames. When it also
 *   writes, its edits come from its own small Y.Doc (real Yjs updates) that never sees the others'
 *   edits: the server still merges them, and the client stays cheap.
 * - {@link ProviderWriter}: a stock provider (y-websocket's WebsocketProvider, or Hocuspocus's own)
 *   over a full Y.Doc, for the writers of S1: proves the servers work with the real clients.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import type { Protocol } from './target.ts';
import * as wire from './wire.ts';

export interface ReceiptSink {
  /** One edit seen by an observer: who sent it, when, and when it arrived. */
  onMarker(observer: LightClient, writer: string, seq: number, sentAt: number, receivedAt: number): void;
  /** One of this client's edits acknowledged as durable (ours' `saved` frame), `ms` after it was sent; `seq` is its marker's number. */
  onAck?(ms: number, seq: number): void;
}

/** Ours' extension frame "your document frames up to N are durable" (shared/src/sync-protocol.ts). */
const MSG_SAVED = 100;

export interface Writer {
  readonly id: string;
  readonly doc: string;
  sent: number;
  edit(): void;
  setAwareness(state: Record<string, unknown>): void;
  close(): void;
}

let nextClientId = (process.pid * 7919) % 1_000_000;
const randomClientId = () => (++nextClientId * 4099 + Math.floor(Math.random() * 4096)) % 0x7fffffff;

export class LightClient implements Writer {
  ws!: WebSocket;
  /** Connect start and step-2 receipt (ms, {@link wire.nowMs}). */
  openedAt = 0;
  syncedAt = 0;
  syncBytes = 0;
  /** Distinct edits received live (after sync), keyed `writer:seq`. */
  readonly seen = new Set<string>();
  duplicates = 0;
  /** Own edits the server sent back (y-websocket servers echo to the sender; harmless, not counted). */
  ownEchoes = 0;
  awarenessReceived = 0;
  /** Custom (non y-websocket) frames received, by type: e.g. a saved acknowledgement. */
  otherFrames = new Map<number, number>();
  sent = 0;
  closedEarly = false;
  /** Document frames (step 2, update) sent, counted from 1 as ours' `saved` frame counts them. */
  private docFrames = 0;
  /** Send time of each edit frame by its document-frame number (absent for non-edit frames). */
  private readonly editSentAt = new Map<number, number>();
  /** Marker sequence number of each edit frame by its document-frame number (for {@link ReceiptSink.onAck}). */
  private readonly editSeq = new Map<number, number>();
  /** The marker number of the edit being sent (set by edit() around its synchronous push). */
  private pendingSeq = -1;
  private acked = 0;
  acks = 0;
  private ydoc?: Y.Doc;
  private arr?: Y.Array<string>;
  private readonly awarenessId = randomClientId();
  private awarenessClock = 0;
  onFrame?: (h: wire.Header, buf: Buffer) => void;

  constructor(
    readonly protocol: Protocol,
    readonly url: string,
    readonly doc: string,
    readonly id: string,
    private readonly sink: ReceiptSink | null,
    writes = false,
  ) {
    if (writes) {
      this.ydoc = new Y.Doc();
      this.arr = this.ydoc.getArray<string>('bench');
      this.ydoc.on('update', (u: Uint8Array) => this.send(wire.syncUpdate(this.protocol, this.doc, u), true));
    }
  }

  /** Opens the socket and resolves when the sync reply (step 2) has fully arrived. */
  connect(timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      this.openedAt = wire.nowMs();
      const ws = new WebSocket(this.url, { perMessageDeflate: false });
      this.ws = ws;
      const timer = setTimeout(() => reject(new Error(`${this.id}: not synced in ${timeoutMs} ms`)), timeoutMs);
      ws.binaryType = 'nodebuffer';
      ws.on('open', () => {
        if (this.protocol === 'hocuspocus') ws.send(wire.hpAuth(this.doc));
        ws.send(wire.syncStep1Empty(this.protocol, this.doc));
      });
      ws.on('message', (data: Buffer) => {
        const h = wire.readHeader(this.protocol, data);
        if (h.type === wire.MSG_SYNC || (this.protocol === 'hocuspocus' && h.type === wire.MSG_HP_SYNC_REPLY)) {
          if (h.sub === wire.SYNC_STEP1) {
            // Through send(): ours counts this step 2 as the connection's first document frame.
            this.send(wire.syncStep2Empty(this.protocol, this.doc));
          } else if (h.sub === wire.SYNC_STEP2) {
            if (!this.syncedAt) {
              this.syncedAt = wire.nowMs();
              this.syncBytes = data.length;
              clearTimeout(timer);
              resolve();
            }
          } else if (h.sub === wire.SYNC_UPDATE && this.syncedAt && this.sink) {
            const at = wire.nowMs();
            wire.scanMarkers(data, h.offset, (writer, seq, sentAt) => {
              if (writer === this.id) {
                this.ownEchoes++;
                return;
              }
              const key = `${writer}:${seq}`;
              if (this.seen.has(key)) {
                this.duplicates++;
                return;
              }
              this.seen.add(key);
              this.sink!.onMarker(this, writer, seq, sentAt, at);
            });
          }
        } else if (h.type === MSG_SAVED && this.protocol === 'y-websocket') {
          const at = wire.nowMs();
          const through = wire.readVarUintAt(data, h.offset);
          for (let k = this.acked + 1; k <= through; k++) {
            const sentAt = this.editSentAt.get(k);
            if (sentAt !== undefined) {
              const seq = this.editSeq.get(k) ?? -1;
              this.editSentAt.delete(k);
              this.editSeq.delete(k);
              this.acks++;
              this.sink?.onAck?.(at - sentAt, seq);
            }
          }
          this.acked = Math.max(this.acked, through);
        } else if (h.type === wire.MSG_AWARENESS) {
          this.awarenessReceived++;
        } else {
          this.otherFrames.set(h.type, (this.otherFrames.get(h.type) ?? 0) + 1);
        }
        this.onFrame?.(h, data);
      });
      ws.on('close', () => {
        if (!this.syncedAt) {
          clearTimeout(timer);
          reject(new Error(`${this.id}: closed before sync`));
        }
        this.closedEarly = true;
      });
      ws.on('error', () => {});
    });
  }

  send(frame: Uint8Array, isEdit = false) {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (
      this.protocol === 'y-websocket' &&
      frame[0] === wire.MSG_SYNC &&
      (frame[1] === wire.SYNC_STEP2 || frame[1] === wire.SYNC_UPDATE)
    ) {
      this.docFrames++;
      if (isEdit) {
        this.editSentAt.set(this.docFrames, wire.nowMs());
        if (this.pendingSeq >= 0) this.editSeq.set(this.docFrames, this.pendingSeq);
      }
    }
    this.ws.send(frame);
  }

  /** One edit: a Y.Array push whose string carries the writer, its sequence number and the send time. */
  edit() {
    if (!this.arr) throw new Error('not a writer');
    const seq = this.sent++;
    this.pendingSeq = seq;
    try {
      this.arr.push([wire.marker(this.id, seq, wire.nowMs())]);
    } finally {
      this.pendingSeq = -1;
    }
  }

  /** Pushes `updates` as they are (for seeding big documents). */
  sendUpdates(updates: Uint8Array[]) {
    for (const u of updates) this.send(wire.syncUpdate(this.protocol, this.doc, u));
  }

  setAwareness(state: Record<string, unknown>) {
    this.send(wire.awareness(this.protocol, this.doc, this.awarenessId, ++this.awarenessClock, state));
  }

  close() {
    this.closedEarly = false;
    this.ws?.close();
    this.ydoc?.destroy();
  }
}

export class ProviderWriter implements Writer {
  readonly ydoc = new Y.Doc();
  private readonly arr = this.ydoc.getArray<string>('bench');
  sent = 0;
  private provider: WebsocketProvider | HocuspocusProvider;

  constructor(
    protocol: Protocol,
    url: string,
    readonly doc: string,
    readonly id: string,
  ) {
    if (protocol === 'y-websocket') {
      // The URL is the document's full URL; the provider appends `/<room>`, so split it.
      const cut = url.lastIndexOf('/');
      this.provider = new WebsocketProvider(url.slice(0, cut), decodeURIComponent(url.slice(cut + 1)), this.ydoc, {
        WebSocketPolyfill: WebSocket as never,
        disableBc: true,
        connect: false,
      });
    } else {
      this.provider = new HocuspocusProvider({
        url,
        name: doc,
        document: this.ydoc,
        WebSocketPolyfill: WebSocket,
        autoConnect: false,
      } as never);
    }
  }

  connect(timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.id}: provider not synced in ${timeoutMs} ms`)), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      if (this.provider instanceof WebsocketProvider) {
        this.provider.once('sync', (synced: boolean) => synced && done());
        this.provider.connect();
      } else {
        this.provider.on('synced', done);
        void this.provider.connect();
      }
    });
  }

  edit() {
    const seq = this.sent++;
    this.arr.push([wire.marker(this.id, seq, wire.nowMs())]);
  }

  setAwareness(state: Record<string, unknown>) {
    this.provider.awareness?.setLocalState(state);
  }

  close() {
    this.provider.destroy();
    this.ydoc.destroy();
  }
}
