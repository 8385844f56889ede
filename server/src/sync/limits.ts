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
  /** Bytes queued on a socket for the client beyond which it is closed as too slow. */
  maxBufferedBytes: number;
  /** A document without connections is flushed and unloaded after this long. */
  idleUnloadMs: number;
}

/** Defaults: 4 MiB frames, generous rates for typing and dragging, 10 s idle unload. */
export const DEFAULT_LIMITS: SyncLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  messagesPerSecond: 300,
  messageBurst: 1200,
  bytesPerSecond: 8 * 1024 * 1024,
  byteBurst: 24 * 1024 * 1024,
  maxQueuedWhileLoading: 2000,
  maxBufferedBytes: 32 * 1024 * 1024,
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
