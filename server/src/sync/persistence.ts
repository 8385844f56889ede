import type { DocStore } from './doc-store.ts';
import { mergeChunks } from './protocol.ts';
import type { SyncLogger } from './logger.ts';

/** Tuning of the group commit. */
export interface PersistenceOptions {
  /**
   * Group-commit window: updates arriving within it share one transaction (one row per document).
   * Nobody waits on these writes except a client's saved acknowledgement, which has its own window.
   */
  windowMs: number;
  /**
   * Window when something waits for durability (a `?ack=1` client's saved acknowledgement, `flush()`):
   * the pending batch is committed at most this long after the request.
   */
  ackWindowMs: number;
  /** First retry delay after a failed write; doubles up to 2 s. */
  retryMs: number;
  /**
   * Most documents in one group commit (one multi-row INSERT up to the store's statement size); more
   * dirty documents are committed by the next group commit, right after this one.
   */
  maxBatchDocs?: number;
}

/**
 * 100 ms for plain edits: a busy document's edits share one insert (S1, 50 edits a second, paid one
 * insert each with the 4 ms window, and the embedded PGlite was half of the server's CPU). Nothing is
 * acknowledged before its commit: a stock client that is not told "saved" still holds its edits and
 * sends whatever the server lacks when it reconnects (sync step 1/2), so a crash within the window
 * loses no edit whose author lives on. 4 ms when a client waits for its saved acknowledgement (`?ack=1`,
 * the editor): below what a person notices, long enough to share commits under load.
 */
export const DEFAULT_PERSISTENCE: PersistenceOptions = { windowMs: 100, ackWindowMs: 4, retryMs: 100, maxBatchDocs: 1000 };

/** One group commit as {@link Persister.onGroupCommit} reports it (for metrics). */
export interface GroupCommit {
  /** Documents in the batch. */
  docs: number;
  /** Rows appended (merged updates). */
  rows: number;
  /** Bytes of the appended updates. */
  bytes: number;
  /** Time of the store's append, in seconds. */
  seconds: number;
  /** false: the append failed and the batch is retried. */
  ok: boolean;
}

interface Batch {
  updates: Map<string, Uint8Array[]>;
  callbacks: (() => void)[];
}

const emptyBatch = (): Batch => ({ updates: new Map(), callbacks: [] });

/**
 * Group commit of updates to a {@link DocStore}, one for all documents of this instance. Updates of
 * all documents that arrive within one window are merged per document and appended in one
 * transaction (one multi-row INSERT). The window starts with the first update of a batch and is kept
 * while a write is in flight: the next batch commits when its own window ends, not as soon as the
 * write before it does (with a busy database that made the commits run back to back, a few edits each).
 * A failed write keeps its updates and retries, so nothing is acknowledged that is not committed.
 */
export class Persister {
  private pending = emptyBatch();
  private inflight: Batch | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the armed timer fires (performance.now()). */
  private timerDue = 0;
  /** When the pending batch is due (performance.now()): the soonest deadline asked for it. */
  private pendingDue = Number.POSITIVE_INFINITY;
  /** No write before this time (performance.now()): the back-off after a failed write. */
  private retryAt = 0;
  private failures = 0;
  private closed = false;
  /** Rows appended per document since the caller last reset it (compaction accounting). */
  readonly stats = { batches: 0, rows: 0, failures: 0 };
  private readonly commitListeners = new Set<(commit: GroupCommit) => void>();

  constructor(
    private readonly store: DocStore,
    private readonly opts: PersistenceOptions,
    private readonly log: SyncLogger,
    private readonly onCommitted: (docId: string, rows: number, bytes: number) => void,
  ) {}

  /** Queues an update for the next group commit. */
  add(docId: string, update: Uint8Array): void {
    let list = this.pending.updates.get(docId);
    if (!list) this.pending.updates.set(docId, (list = []));
    list.push(update);
    this.schedule(this.opts.windowMs);
  }

  /** Hears every group commit, committed or failed; returns the unsubscribe. */
  onGroupCommit(listener: (commit: GroupCommit) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  private report(commit: GroupCommit) {
    for (const listener of this.commitListeners) {
      try {
        listener(commit);
      } catch (err) {
        this.log.error({ err }, 'sync: group-commit listener failed');
      }
    }
  }

  /**
   * Calls `cb` once everything added before this call is committed. `urgent` (a client waits for its
   * saved acknowledgement): the pending batch is committed within {@link PersistenceOptions.ackWindowMs}
   * instead of the longer window of plain edits.
   */
  whenDurable(cb: () => void, urgent = false): void {
    if (this.pending.updates.size > 0) {
      this.pending.callbacks.push(cb);
      if (urgent) this.schedule(Math.min(this.opts.ackWindowMs, this.opts.windowMs));
    } else if (this.inflight) {
      this.inflight.callbacks.push(cb);
    } else {
      queueMicrotask(cb);
    }
  }

  /** Number of documents with updates not yet committed. */
  get pendingDocs(): number {
    return this.pending.updates.size + (this.inflight?.updates.size ?? 0);
  }

  /** Writes what is pending now; resolves when everything added before the call is committed. */
  flush(): Promise<void> {
    const done = new Promise<void>((resolve) => this.whenDurable(resolve));
    this.schedule(0);
    return done;
  }

  /** Stops timers; pending updates are dropped (call {@link flush} first). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Asks for the pending batch to be committed within `ms`; the soonest deadline asked for wins. */
  private schedule(ms: number) {
    if (this.pending.updates.size === 0 && this.pending.callbacks.length === 0) return;
    this.pendingDue = Math.min(this.pendingDue, performance.now() + ms);
    this.arm();
  }

  /** Arms the timer for the pending batch's deadline (not before a failed write's back-off ends). */
  private arm() {
    if (this.closed || this.inflight || this.pendingDue === Number.POSITIVE_INFINITY) return;
    const due = Math.max(this.pendingDue, this.retryAt);
    // An armed timer stays unless the commit is due sooner (an acknowledgement, a flush).
    if (this.timer && due >= this.timerDue - 1) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.run();
      },
      Math.max(0, due - performance.now()),
    );
    // Pending work must not keep a stopping process alive; close() flushes it first.
    this.timer.unref?.();
  }

  private async run() {
    if (this.inflight || (this.pending.updates.size === 0 && this.pending.callbacks.length === 0)) return;
    const batch = (this.inflight = this.pending);
    this.pending = emptyBatch();
    this.pendingDue = Number.POSITIVE_INFINITY;
    const max = this.opts.maxBatchDocs ?? Number.POSITIVE_INFINITY;
    if (batch.updates.size > max) {
      // Bounded: the documents past the limit go next, right after this commit. The callbacks wait
      // for them too (everything added before a callback must be committed), so they move along.
      const rest = [...batch.updates].slice(max);
      for (const [docId, updates] of rest) {
        batch.updates.delete(docId);
        this.pending.updates.set(docId, updates);
      }
      this.pending.callbacks = batch.callbacks;
      batch.callbacks = [];
      this.pendingDue = 0;
    }
    const entries = [...batch.updates].flatMap(([docId, updates]) => mergeChunks(updates).map((update) => ({ docId, update })));
    const bytes = entries.reduce((n, e) => n + e.update.length, 0);
    const started = performance.now();
    const measure = (ok: boolean): GroupCommit => ({
      docs: batch.updates.size,
      rows: entries.length,
      bytes,
      seconds: (performance.now() - started) / 1000,
      ok,
    });
    try {
      await this.store.append(entries);
      this.report(measure(true));
      this.failures = 0;
      this.retryAt = 0;
      this.stats.batches++;
      this.stats.rows += entries.length;
      this.inflight = null;
      for (const e of entries) this.onCommitted(e.docId, 1, e.update.length);
      for (const cb of batch.callbacks) cb();
      // What arrived during the write keeps its own deadline (set when it was added).
      if (this.pending.updates.size || this.pending.callbacks.length) this.arm();
    } catch (err) {
      this.report(measure(false));
      this.failures++;
      this.stats.failures++;
      this.log.error({ err, docs: entries.length, attempt: this.failures }, 'sync: saving updates failed; retrying');
      // Put the batch back in front of what arrived meanwhile: order does not matter to Yjs.
      for (const [docId, updates] of this.pending.updates) {
        const list = batch.updates.get(docId);
        if (list) list.push(...updates);
        else batch.updates.set(docId, updates);
      }
      batch.callbacks.push(...this.pending.callbacks);
      this.pending = batch;
      this.inflight = null;
      this.retryAt = performance.now() + Math.min(this.opts.retryMs * 2 ** (this.failures - 1), 2000);
      this.schedule(0);
    }
  }
}
