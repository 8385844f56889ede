import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { SyncCloseCode, encodeNoticeMessage } from '@planner/shared/sync-protocol';
import type { Connection } from './connection.ts';
import type { ServerContext } from './server-context.ts';
import { Fanout } from './fanout.ts';
import { DocSize } from './doc-size.ts';
import { PresenceGuard } from './presence-guard.ts';
import type { SyncLimits } from './limits.ts';
import { PUBSUB_ORIGIN, STORE_ORIGIN, isPublished, isSavedHere, originOf } from './origin.ts';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, mergeChunks } from './protocol.ts';

/** Lifecycle of a room: loading → ready → closing → closed, or loading → failed. */
export type RoomState = 'loading' | 'ready' | 'failed' | 'closing' | 'closed';

/**
 * One loaded document on this instance: the Y.Doc, its awareness, its connections, and the routing
 * of every change by origin (see origin.ts). What goes out to clients and to the bus is merged per
 * event-loop turn: one frame per turn however many updates arrived in it.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new Awareness(this.doc);
  readonly conns = new Set<Connection>();
  readonly fanout: Fanout;
  /** The document's size against the limit (client updates that would pass it are refused). */
  readonly size: DocSize;
  private readonly presence: PresenceGuard<Connection>;
  state: RoomState = 'loading';
  /** Server-side users of the document (withDoc); the room stays loaded while any hold it. */
  holds = 0;
  /** Log rows behind the snapshot as far as this instance knows (compaction trigger). */
  tailRows = 0;
  tailBytes = 0;
  /** Bytes of the stored snapshot as far as this instance knows (compaction: is a rewrite worth it). */
  snapshotBytes = 0;
  readonly ready: Promise<void>;
  private waiting: Connection[] = [];
  private out: Uint8Array[] = [];
  private outPublish: Uint8Array[] = [];
  private outSenders = new Set<Connection>();
  private outFromElsewhere = false;
  private outScheduled = false;
  /** Awareness clients changed this turn, sent as one frame (and one bus message) per turn. */
  private awOut = new Set<number>();
  private awPublish = new Set<number>();
  private awSenders = new Set<Connection>();
  private awFromElsewhere = false;
  private awScheduled = false;
  private step1: Uint8Array | null = null;
  private replies = new Map<string, Uint8Array>();
  private savedSeq = 0;
  private savedQueued = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private unloading: Promise<void> | null = null;

  constructor(
    private readonly ctx: ServerContext,
    readonly docId: string,
    incarnation: number,
  ) {
    this.awareness.setLocalState(null);
    this.size = new DocSize(this.doc, ctx.limits.maxDocBytes);
    this.presence = new PresenceGuard(ctx.limits);
    this.fanout = new Fanout(
      {
        docId,
        doc: this.doc,
        isReady: () => this.state === 'ready',
        localAwareness: () => this.localAwareness(),
        applyRemoteAwareness: (u) => this.applyRemoteAwareness(u),
        rescue: (u) => ctx.persister.add(docId, u),
      },
      ctx.bus,
      `${ctx.instanceId}/${incarnation}`,
      ctx.fanout,
      ctx.counters,
      ctx.log,
    );
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) =>
      this.onUpdate(update, origin, tr),
    );
    this.awareness.on('update', ({ added, removed }: { added: number[]; removed: number[] }, origin: unknown) => {
      const conn = originOf(origin).kind === 'client' ? (origin as Connection) : null;
      if (!conn) return;
      for (const id of added) conn.awarenessIds.add(id);
      for (const id of removed) conn.awarenessIds.delete(id);
    });
    this.ready = this.load();
    this.ready.catch(() => {});
  }

  private async load(): Promise<void> {
    try {
      // Subscribe first: whatever peers publish while the store is read is applied, not lost.
      await this.fanout.start();
      const stored = await this.ctx.store.load(this.docId);
      if (this.state !== 'loading') throw new Error('room closed while loading');
      Y.transact(
        this.doc,
        () => {
          if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
          for (const u of stored.updates) Y.applyUpdate(this.doc, u);
        },
        STORE_ORIGIN,
      );
      this.tailRows = stored.updates.length;
      this.tailBytes = stored.updates.reduce((n, u) => n + u.length, 0);
      this.snapshotBytes = stored.snapshot?.length ?? 0;
    } catch (err) {
      // Nothing of this room was or will be written: a failed load never overwrites stored data.
      this.state = 'failed';
      this.ctx.counters.loadFailures++;
      this.ctx.log.error({ err, docId: this.docId }, 'sync: loading the document failed');
      for (const conn of this.waiting) conn.close(SyncCloseCode.LOAD_FAILED, 'document could not be loaded');
      this.waiting = [];
      this.ctx.roomFailed(this);
      await this.fanout.stop();
      this.awareness.destroy();
      this.doc.destroy();
      throw err;
    }
    this.state = 'ready';
    this.ctx.counters.docsLoaded++;
    this.fanout.query();
    this.ctx.loaded(this);
    const waiting = this.waiting;
    this.waiting = [];
    for (const conn of waiting) if (!conn.closed) this.serve(conn);
    this.checkIdle();
  }

  /** Adds a connection: served at once when loaded, after loading otherwise. */
  add(conn: Connection): void {
    this.cancelIdle();
    if (this.state === 'ready') this.serve(conn);
    else if (this.state === 'loading') this.waiting.push(conn);
    else conn.close(SyncCloseCode.LOAD_FAILED, 'document could not be loaded');
  }

  private serve(conn: Connection) {
    this.conns.add(conn);
    conn.attach(this);
    // Step 1 asks the client for what the server lacks. A read-only client's answer would only be
    // dropped, so it is not asked (its own step 1 still gets the document); see Connection.setWritable.
    if (conn.canWrite) conn.send(this.step1Frame());
    const states = this.awareness.getStates();
    if (states.size > 0) conn.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    // An editor opening an oversized document learns at once that it can only trim it.
    if (conn.wantsAck && this.size.over()) conn.send(this.tooLargeNotice());
  }

  /** The `doc-too-large` notice with the document's current size. */
  tooLargeNotice(): Uint8Array {
    return encodeNoticeMessage({ code: 'doc-too-large', limitBytes: this.size.limit, docBytes: this.size.measure() });
  }

  /** The server's sync step 1 (its state vector), cached until the document changes. */
  step1Frame(): Uint8Array {
    return (this.step1 ??= encodeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  remove(conn: Connection): void {
    this.waiting = this.waiting.filter((c) => c !== conn);
    if (!this.conns.delete(conn)) return;
    this.presence.release(conn);
    if (conn.awarenessIds.size > 0) {
      const ids = [...conn.awarenessIds];
      removeAwarenessStates(this.awareness, ids, 'disconnect');
      const update = encodeAwarenessUpdate(this.awareness, ids);
      this.broadcast(encodeAwareness(update), null);
      this.fanout.publishAwareness(update);
    }
    this.checkIdle();
  }

  /** Sync step 2 for a state vector; computed once for clients that join at once with the same state. */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    const key = stateVector.join(',');
    let reply = this.replies.get(key);
    if (!reply) {
      reply = encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
      if (this.replies.size >= 32) this.replies.clear();
      this.replies.set(key, reply);
    }
    return reply;
  }

  /**
   * Applies a client's awareness update and relays only the states that actually changed. The stock
   * y-websocket provider sends every awareness update it receives straight back; relaying those echoes
   * (same clock, nothing new) multiplied awareness traffic by the number of clients.
   */
  applyClientAwareness(conn: Connection, update: Uint8Array): void {
    const states = this.awareness.getStates();
    const admitted = this.presence.filter(conn, update, (id) => states.has(id));
    if (admitted.dropped) conn.droppedAwareness(admitted.dropped);
    if (!admitted.update) return;
    const changed = this.applyAwareness(admitted.update, conn);
    if (changed.length) this.queueAwareness(changed, conn);
  }

  /** Applies an awareness update; returns the clients whose state or clock it changed. */
  private applyAwareness(update: Uint8Array, origin: unknown): number[] {
    const changed: number[] = [];
    const collect = (e: { added: number[]; updated: number[]; removed: number[] }, o: unknown) => {
      if (o === origin) changed.push(...e.added, ...e.updated, ...e.removed);
    };
    this.awareness.on('update', collect);
    try {
      applyAwarenessUpdate(this.awareness, update, origin);
    } finally {
      this.awareness.off('update', collect);
    }
    return changed;
  }

  /** Awareness changes of one window ({@link SyncLimits.awarenessWindowMs}) go out merged. */
  private queueAwareness(ids: number[], sender: Connection | null) {
    for (const id of ids) {
      this.awOut.add(id);
      if (sender) this.awPublish.add(id);
    }
    if (sender) this.awSenders.add(sender);
    else this.awFromElsewhere = true;
    if (this.awScheduled) return;
    this.awScheduled = true;
    const ms = this.ctx.limits.awarenessWindowMs;
    if (ms > 0) setTimeout(() => this.flushAwareness(), ms).unref?.();
    else setImmediate(() => this.flushAwareness());
  }

  private flushAwareness() {
    const ids = [...this.awOut];
    const publish = [...this.awPublish];
    // A lone sender knows its own state already; but one that has heard nothing for a while gets its
    // renewal back, or a stock client's 30 s watchdog reconnects it (it renews every 15 s).
    const lone = !this.awFromElsewhere && this.awSenders.size === 1 ? [...this.awSenders][0]! : null;
    const skip = lone && !lone.quietFor(this.ctx.limits.keepaliveMs) ? lone : null;
    this.awOut = new Set();
    this.awPublish = new Set();
    this.awSenders = new Set();
    this.awFromElsewhere = false;
    this.awScheduled = false;
    if (ids.length === 0 || this.state === 'closed') return;
    const update = encodeAwarenessUpdate(this.awareness, ids);
    this.broadcast(encodeAwareness(update), skip);
    if (publish.length)
      this.fanout.publishAwareness(publish.length === ids.length ? update : encodeAwarenessUpdate(this.awareness, publish));
  }

  /** All known awareness states, for query-awareness. */
  allAwareness(): Uint8Array {
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  private applyRemoteAwareness(update: Uint8Array) {
    const changed = this.applyAwareness(update, PUBSUB_ORIGIN);
    if (changed.length) this.queueAwareness(changed, null);
  }

  private localAwareness(): Uint8Array | null {
    const ids = [...this.conns].flatMap((c) => [...c.awarenessIds]);
    return ids.length ? encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  private broadcast(frame: Uint8Array, except: Connection | null) {
    for (const conn of this.conns) if (conn !== except) conn.send(frame);
  }

  private onUpdate(update: Uint8Array, rawOrigin: unknown, tr: Y.Transaction) {
    const origin = originOf(rawOrigin);
    this.step1 = null;
    this.replies.clear();
    this.size.grew(update);
    if (isSavedHere(origin.kind)) this.ctx.persister.add(this.docId, update);
    const sender = origin.kind === 'client' ? (rawOrigin as Connection) : null;
    if (sender) sender.noteAuthored(tr);
    if (origin.kind !== 'store') this.queueOut(update, sender, isPublished(origin.kind));
    this.ctx.emitUpdate(this.docId, update, origin.info);
  }

  private queueOut(update: Uint8Array, sender: Connection | null, publish: boolean) {
    this.out.push(update);
    if (publish) this.outPublish.push(update);
    if (sender) this.outSenders.add(sender);
    else this.outFromElsewhere = true;
    if (!this.outScheduled) {
      this.outScheduled = true;
      setImmediate(() => this.flushOut());
    }
  }

  /** Sends this turn's updates as one frame to every client and one message to the bus. */
  private flushOut() {
    const out = this.out;
    const publish = this.outPublish;
    // A lone sender already has everything in the frame; skip echoing it back.
    const skip = !this.outFromElsewhere && this.outSenders.size === 1 ? [...this.outSenders][0] : null;
    this.out = [];
    this.outPublish = [];
    this.outSenders = new Set();
    this.outFromElsewhere = false;
    this.outScheduled = false;
    if (out.length === 0 || this.state === 'closed') return;
    const merged = mergeChunks(out);
    for (const update of merged) {
      const frame = encodeUpdate(update);
      for (const conn of this.conns) if (conn !== skip) conn.send(frame);
    }
    if (publish.length) {
      let seq = 0;
      for (const update of publish.length === out.length ? merged : mergeChunks(publish)) seq = this.fanout.publishUpdate(update);
      this.ctx.persister.whenDurable(() => this.announceSaved(seq));
    }
  }

  private announceSaved(seq: number) {
    this.savedSeq = Math.max(this.savedSeq, seq);
    if (this.savedQueued) return;
    this.savedQueued = true;
    queueMicrotask(() => {
      this.savedQueued = false;
      this.fanout.announceSaved(this.savedSeq);
    });
  }

  /** Starts the idle timer when nothing uses the room. */
  checkIdle(): void {
    if (this.state !== 'ready' || this.conns.size || this.waiting.length || this.holds || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.state !== 'ready' || this.conns.size || this.waiting.length || this.holds) return;
      this.ctx.unload(this).catch((err) => this.ctx.log.error({ err, docId: this.docId }, 'sync: unloading failed'));
    }, this.ctx.limits.idleUnloadMs);
    this.idleTimer.unref?.();
  }

  private cancelIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Flushes this room's pending writes, saves unconfirmed peer updates, and frees the document. */
  unload(): Promise<void> {
    return (this.unloading ??= (async () => {
      this.cancelIdle();
      this.state = 'closing';
      if (this.outScheduled) this.flushOut();
      const unconfirmed = await this.fanout.stop();
      for (const u of unconfirmed) this.ctx.persister.add(this.docId, u);
      await this.ctx.persister.flush();
      this.state = 'closed';
      this.awareness.destroy();
      this.doc.destroy();
      this.ctx.counters.docsUnloaded++;
    })());
  }
}
