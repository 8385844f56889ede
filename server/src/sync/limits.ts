/** Resource limits of the sync server. Every breach closes only the offending connection. */
export interface SyncLimits {
  /** Largest accepted frame; larger ones close the connection with TOO_LARGE. */
  maxMessageBytes: number;
  /** Sustained frames per second per connection, and the burst allowed on top. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Sustained bytes per second per connection, and the burst allowed on top. */
  bytesPerSecond: number;
  byteBurst: number;
  /** Frames a connection may send while its document is still loading. */
  maxQueuedWhileLoading: number;
  /**
   * Bytes queued on a socket for the client beyond which it is closed as too slow, on top of the
   * largest sync step 2 (a copy of the document) it was sent: a big document alone never makes a
   * client "too slow".
   */
  maxBufferedBytes: number;
  /**
   * Largest document (encoded Yjs state) that client updates may grow it to. An update that would pass
   * it is refused (see MESSAGE_NOTICE and SyncCloseCode.DOC_TOO_LARGE in shared/src/sync-protocol.ts);
   * an oversized document still loads, and updates that only delete are accepted so it can be trimmed.
   */
  maxDocBytes: number;
  /** Open connections per user on this instance; one more is refused (the plugin answers 429 before upgrading). */
  maxConnectionsPerUser: number;
  /** Awareness client ids a connection may set (its own: the first ones it announces). */
  maxAwarenessIdsPerConnection: number;
  /** Largest awareness state (JSON bytes) relayed; larger ones are dropped. */
  maxAwarenessStateBytes: number;
  /**
   * A client that has heard nothing for this long gets its own awareness renewal echoed, so that a lone
   * stock client's 30 s watchdog (it renews every 15 s) never fires.
   */
  keepaliveMs: number;
  /**
   * Awareness (cursors, presence) changes of a document are relayed as one frame per window: a hundred
   * clients renewing their presence once a second each cost every observer a hundred frames a second
   * when relayed one by one (two thirds of all socket writes in S1), ten per window of 100 ms. 0 relays
   * once per event-loop turn.
   */
  awarenessWindowMs: number;
  /** A document without connections is flushed and unloaded after this long. */
  idleUnloadMs: number;
}

/** Defaults: 4 MiB frames, 8 MiB documents, generous rates for typing and dragging, 10 s idle unload. */
export const DEFAULT_LIMITS: SyncLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  messagesPerSecond: 300,
  messageBurst: 1200,
  bytesPerSecond: 8 * 1024 * 1024,
  byteBurst: 24 * 1024 * 1024,
  maxQueuedWhileLoading: 2000,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxDocBytes: 8 * 1024 * 1024,
  maxConnectionsPerUser: 20,
  maxAwarenessIdsPerConnection: 2,
  maxAwarenessStateBytes: 4 * 1024,
  keepaliveMs: 10_000,
  awarenessWindowMs: 100,
  idleUnloadMs: 10_000,
};

/** Classic token bucket; `take` refills by elapsed time first. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(n = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
