import * as Y from 'yjs';
import { SyncCloseCode, encodeSavedMessage } from '@planner/shared/sync-protocol';
import type { Room } from './room.ts';
import type { ServerContext } from './server-context.ts';
import type { UpdateOrigin, UpdateOriginInfo } from './origin.ts';
import { ProtocolError, checkStateVector, decodeClientMessage } from './protocol.ts';
import { TokenBucket } from './limits.ts';

/**
 * The minimal socket the sync core talks to: a websocket (see plugins/sync.ts) or a test double.
 * Frames are whole binary messages.
 */
export interface SyncSocket {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  onMessage(listener: (frame: Uint8Array) => void): void;
  onClose(listener: () => void): void;
  /** Bytes accepted by send() but not yet written to the network (backpressure), when known. */
  bufferedAmount?(): number;
}

/** Who is connecting to which document, resolved before the upgrade. */
export interface ConnectionContext {
  docId: string;
  userId: string;
  canWrite: boolean;
  /** Send "saved" acknowledgements (only to clients that asked, e.g. `?ack=1`). */
  ack?: boolean;
  /** The session or token that authenticated it (opaque here); see {@link SyncServer.closeWhere}. */
  credential?: string;
}

let nextId = 1;

/**
 * One client connection. Decodes every frame strictly and enforces limits and write access; any
 * violation closes only this connection with a typed close code, nothing is ever thrown out of the
 * socket's message handler. The connection is the Yjs transaction origin of its updates.
 */
export class Connection implements UpdateOrigin {
  readonly kind = 'client' as const;
  readonly id = nextId++;
  readonly info: UpdateOriginInfo;
  readonly docId: string;
  readonly userId: string;
  readonly credential: string | undefined;
  canWrite: boolean;
  readonly wantsAck: boolean;
  closed = false;
  /** Awareness client ids this connection announced (removed when it leaves). */
  readonly awarenessIds = new Set<number>();
  /** Read-only frames dropped on this connection. */
  dropped = 0;
  private room: Room | null = null;
  private queued: Uint8Array[] = [];
  private docFrames = 0;
  private readonly authored = new Map<number, number>();
  private ackedThrough = 0;
  private ackVector = new Map<number, number>();
  private ackQueued = false;
  /** Largest sync step 2 (document copy) sent: allowed in the send buffer on top of maxBufferedBytes. */
  private bulkBytes = 0;
  private lastSentAt = performance.now();
  /** Document frames up to this one may be acknowledged; set below a refused (too large) update. */
  private ackCap = Number.POSITIVE_INFINITY;
  private droppedAw = 0;
  private refused = 0;
  private readonly frames: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(
    private readonly ctx: ServerContext,
    private readonly socket: SyncSocket,
    c: ConnectionContext,
  ) {
    this.docId = c.docId;
    this.userId = c.userId;
    this.credential = c.credential;
    this.canWrite = c.canWrite;
    this.wantsAck = !!c.ack;
    this.info = Object.freeze({ kind: 'client', userId: c.userId, connectionId: this.id });
    this.frames = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst);
    this.bytes = new TokenBucket(ctx.limits.bytesPerSecond, ctx.limits.byteBurst);
    socket.onMessage((frame) => this.receive(frame));
    socket.onClose(() => this.detach());
  }

  /** Called by the room once the document is loaded; handles frames that arrived meanwhile. */
  attach(room: Room): void {
    this.room = room;
    const queued = this.queued;
    this.queued = [];
    for (const frame of queued) if (!this.closed) this.handle(frame);
  }

  /** Switches write access in place; a connection that gains it is asked for its state (step 1). */
  setWritable(canWrite: boolean): void {
    const gained = canWrite && !this.canWrite;
    this.canWrite = canWrite;
    if (gained && this.room) this.send(this.room.step1Frame());
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    try {
      this.socket.send(frame);
    } catch {
      this.detach();
      return;
    }
    this.lastSentAt = performance.now();
    // A client that stopped reading must not make the server hold an ever-growing queue for it. The
    // copy of the document it was sent (sync step 2) does not count: a 35 MiB plan once filled the
    // 32 MiB buffer by itself and every client was closed as too slow right after syncing.
    const limit = this.ctx.limits.maxBufferedBytes + this.bulkBytes;
    if (this.socket.bufferedAmount && this.socket.bufferedAmount() > limit) {
      this.ctx.counters.closedSlowConsumer++;
      this.ctx.log.warn({ docId: this.docId, userId: this.userId }, 'sync: client too slow; closing');
      this.close(SyncCloseCode.SLOW_CONSUMER, 'client too slow');
    }
  }

  /** True when nothing was sent to this client for `ms`. */
  quietFor(ms: number): boolean {
    return performance.now() - this.lastSentAt >= ms;
  }

  /** Counts awareness entries the room dropped from this connection (presence limits). */
  droppedAwareness(n: number): void {
    this.ctx.counters.droppedAwarenessStates += n;
    // First drop and then every hundredth frame with drops: a stock client's echoes are routine.
    if (this.droppedAw++ % 100 === 0) {
      this.ctx.log.debug(
        { docId: this.docId, userId: this.userId, dropped: n, framesWithDrops: this.droppedAw },
        'sync: dropped awareness states the connection may not set',
      );
    }
  }

  /** Closes with a typed code (shared/src/sync-protocol.ts) and leaves the room. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    const c = this.ctx.counters;
    if (code === SyncCloseCode.MALFORMED) c.closedMalformed++;
    else if (code === SyncCloseCode.TOO_LARGE) c.closedTooLarge++;
    else if (code === SyncCloseCode.RATE_LIMITED) c.closedRateLimited++;
    else if (code === SyncCloseCode.ACCESS_REVOKED) c.closedAccessRevoked++;
    try {
      this.socket.close(code, reason);
    } catch {
      // already gone
    }
    this.detach();
  }

  private detach() {
    if (this.closed) return;
    this.closed = true;
    this.queued = [];
    this.ctx.connectionClosed(this);
  }

  private receive(frame: Uint8Array) {
    if (this.closed) return;
    const limits = this.ctx.limits;
    if (frame.length > limits.maxMessageBytes) {
      this.ctx.log.warn({ docId: this.docId, userId: this.userId, bytes: frame.length }, 'sync: frame too large; closing');
      return this.close(SyncCloseCode.TOO_LARGE, 'message too large');
    }
    if (!this.frames.take(1) || !this.bytes.take(frame.length)) {
      this.ctx.log.warn({ docId: this.docId, userId: this.userId }, 'sync: rate limit exceeded; closing');
      return this.close(SyncCloseCode.RATE_LIMITED, 'rate limit exceeded');
    }
    if (!this.room) {
      if (this.queued.length >= limits.maxQueuedWhileLoading)
        return this.close(SyncCloseCode.RATE_LIMITED, 'too many messages while loading');
      this.queued.push(frame);
      return;
    }
    this.handle(frame);
  }

  private handle(frame: Uint8Array) {
    const room = this.room!;
    try {
      const msg = decodeClientMessage(frame);
      switch (msg.type) {
        case 'sync-step1': {
          checkStateVector(msg.stateVector);
          const reply = room.syncStep2For(msg.stateVector);
          this.bulkBytes = Math.max(this.bulkBytes, reply.length);
          this.send(reply);
          return;
        }
        case 'sync-step2':
        case 'update':
          if (!this.canWrite) return this.dropReadOnly(msg.type);
          this.docFrames++;
          if (!room.size.admits(msg.update)) return this.refuseTooLarge(room);
          try {
            Y.applyUpdate(room.doc, msg.update, this);
          } catch (err) {
            throw new ProtocolError(`update could not be applied: ${(err as Error).message}`);
          }
          if (this.wantsAck) this.requestAck();
          return;
        case 'awareness':
          try {
            room.applyClientAwareness(this, msg.update);
          } catch (err) {
            throw new ProtocolError(`awareness update could not be applied: ${(err as Error).message}`);
          }
          return;
        case 'query-awareness':
          this.send(room.allAwareness());
          return;
      }
    } catch (err) {
      const reason = err instanceof ProtocolError ? err.message : 'internal error';
      this.ctx.log.warn({ err, docId: this.docId, userId: this.userId }, 'sync: malformed message; closing the connection');
      this.close(SyncCloseCode.MALFORMED, reason.slice(0, 120));
    }
  }

  /**
   * An update that would make the document pass its size limit: not applied. A client that reads
   * notices (`?ack=1`) is told and stays connected (it may still delete, to trim the plan); its
   * acknowledgements stop before this frame, which stays unsaved. Others are closed with DOC_TOO_LARGE.
   */
  private refuseTooLarge(room: Room) {
    this.ctx.counters.refusedDocTooLarge++;
    const notice = room.tooLargeNotice();
    if (this.refused++ % 100 === 0)
      this.ctx.log.warn(
        { docId: this.docId, userId: this.userId, limitBytes: room.size.limit, docBytes: room.size.measure() },
        'sync: refused an update that would pass the document size limit',
      );
    if (!this.wantsAck) return this.close(SyncCloseCode.DOC_TOO_LARGE, 'document too large');
    this.ackCap = Math.min(this.ackCap, this.docFrames - 1);
    this.send(notice);
  }

  private dropReadOnly(type: string) {
    this.dropped++;
    this.ctx.counters.droppedReadOnlyMessages++;
    // First drop and then every hundredth: a misbehaving client cannot flood the log.
    if (this.dropped === 1 || this.dropped % 100 === 0) {
      this.ctx.log.warn(
        { docId: this.docId, userId: this.userId, type, droppedOnConnection: this.dropped },
        'sync: dropped a document update from a read-only connection',
      );
    }
  }

  /** Records the clocks this connection's transaction added (for the saved acknowledgement). */
  noteAuthored(tr: Y.Transaction): void {
    if (!this.wantsAck) return;
    for (const [client, clock] of tr.afterState) {
      if (clock > (tr.beforeState.get(client) ?? 0)) this.authored.set(client, clock);
    }
  }

  private requestAck() {
    const through = Math.min(this.docFrames, this.ackCap);
    const vector = new Map(this.authored);
    this.ctx.persister.whenDurable(() => {
      if (this.closed || through <= this.ackedThrough) return;
      this.ackedThrough = through;
      this.ackVector = vector;
      if (this.ackQueued) return;
      this.ackQueued = true;
      queueMicrotask(() => {
        this.ackQueued = false;
        this.send(encodeSavedMessage({ savedThrough: this.ackedThrough, stateVector: this.ackVector }));
      });
    }, true);
  }
}
