import * as Y from 'yjs';
import { SyncCloseCode } from '@planner/shared/sync-protocol';
import type { PubSub } from '../platform/bus/pubsub.ts';
import type { DocStore } from './doc-store.ts';
import { Connection, type ConnectionContext, type SyncSocket } from './connection.ts';
import { DEFAULT_FANOUT, type FanoutOptions } from './fanout.ts';
import { DEFAULT_LIMITS, type SyncLimits } from './limits.ts';
import { silentLogger, type SyncLogger } from './logger.ts';
import { newCounters, type SyncMetrics } from './metrics.ts';
import { SERVER_ORIGIN, type UpdateOriginInfo } from './origin.ts';
import { DEFAULT_COMPACTION, shouldCompact, type CompactionOptions } from './compaction.ts';
import { DEFAULT_PERSISTENCE, Persister, type GroupCommit, type PersistenceOptions } from './persistence.ts';
import { Room } from './room.ts';
import type { ServerContext } from './server-context.ts';

export interface SyncServerOptions {
  store: DocStore;
  bus: PubSub;
  log?: SyncLogger;
  limits?: Partial<SyncLimits>;
  persistence?: Partial<PersistenceOptions>;
  compaction?: Partial<CompactionOptions>;
  fanout?: Partial<FanoutOptions>;
  /** Identifies this instance on the bus; random by default. */
  instanceId?: string;
}

/** Access levels of {@link SyncServer.setAccess}. */
export type DocAccessLevel = 'write' | 'read' | 'none';

export type UpdateListener = (docId: string, update: Uint8Array, origin: UpdateOriginInfo) => void;

/**
 * The sync server of one instance: documents loaded on demand, connections, persistence and
 * fan-out. Transport-agnostic: the Fastify plugin hands it sockets through {@link handleConnection}.
 */
export class SyncServer implements ServerContext {
  readonly instanceId: string;
  readonly store: DocStore;
  readonly bus: PubSub;
  readonly log: SyncLogger;
  readonly limits: SyncLimits;
  readonly fanout: FanoutOptions;
  readonly counters = newCounters();
  readonly persister: Persister;
  private readonly compaction: CompactionOptions;
  private readonly rooms = new Map<string, Room>();
  private readonly connections = new Set<Connection>();
  private readonly perUser = new Map<string, number>();
  private readonly listeners = new Set<UpdateListener>();
  private readonly compactQueue = new Set<string>();
  private compacting: Promise<void> | null = null;
  private incarnation = 0;
  private closing = false;

  constructor(opts: SyncServerOptions) {
    this.instanceId = opts.instanceId ?? Math.random().toString(36).slice(2, 10);
    this.store = opts.store;
    this.bus = opts.bus;
    this.log = opts.log ?? silentLogger;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.fanout = { ...DEFAULT_FANOUT, ...opts.fanout };
    this.compaction = { ...DEFAULT_COMPACTION, ...opts.compaction };
    this.persister = new Persister(
      this.store,
      { ...DEFAULT_PERSISTENCE, ...opts.persistence },
      this.log,
      (docId, rows, bytes) => {
        const room = this.rooms.get(docId);
        if (!room) return;
        room.tailRows += rows;
        room.tailBytes += bytes;
        this.maybeCompact(room);
      },
    );
  }

  /** The entry point: serves one client socket for one document (already authorized). */
  handleConnection(socket: SyncSocket, ctx: ConnectionContext): Connection {
    const conn = new Connection(this, socket, ctx);
    if (this.closing) {
      conn.close(SyncCloseCode.GOING_AWAY, 'server shutting down');
      return conn;
    }
    // The transport refuses the upgrade first (429, see acceptsConnection); this is the backstop.
    if (!this.acceptsConnection(ctx.userId)) {
      this.counters.refusedTooManyConnections++;
      this.log.warn({ userId: ctx.userId, limit: this.limits.maxConnectionsPerUser }, 'sync: too many connections; closing');
      conn.close(SyncCloseCode.RATE_LIMITED, 'too many connections');
      return conn;
    }
    this.connections.add(conn);
    this.perUser.set(ctx.userId, this.connectionsOf(ctx.userId) + 1);
    this.log.debug(
      { docId: ctx.docId, userId: ctx.userId, canWrite: ctx.canWrite, connection: conn.id },
      'sync: connection opened',
    );
    void this.openRoom(ctx.docId).then(
      (room) => (conn.closed ? room.checkIdle() : room.add(conn)),
      () => conn.close(SyncCloseCode.LOAD_FAILED, 'document could not be loaded'),
    );
    return conn;
  }

  /** Open connections of a user on this instance. */
  connectionsOf(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }

  /**
   * Whether a user may open one more connection here (below {@link SyncLimits.maxConnectionsPerUser}).
   * The cap is per instance: behind a balancer a user may hold it on each instance.
   */
  acceptsConnection(userId: string): boolean {
    return this.connectionsOf(userId) < this.limits.maxConnectionsPerUser;
  }

  /** Changes the access of a user's open connections to a document on this instance. */
  setAccess(docId: string, userId: string, access: DocAccessLevel): number {
    let changed = 0;
    for (const conn of [...this.connections]) {
      if (conn.docId !== docId || conn.userId !== userId || conn.closed) continue;
      changed++;
      if (access === 'none') conn.close(SyncCloseCode.ACCESS_REVOKED, 'access revoked');
      else conn.setWritable(access === 'write');
    }
    return changed;
  }

  /**
   * Closes this instance's connections of `userId` whose credential `match` accepts, with
   * ACCESS_REVOKED (a session ended, a token was revoked); returns how many.
   */
  closeWhere(userId: string, match: (credential: string | undefined) => boolean): number {
    let closed = 0;
    for (const conn of [...this.connections]) {
      if (conn.userId !== userId || conn.closed || !match(conn.credential)) continue;
      closed++;
      conn.close(SyncCloseCode.ACCESS_REVOKED, 'credentials revoked');
    }
    return closed;
  }

  /** Runs `fn` with the live document (loaded if needed, kept loaded until `fn` settles). */
  async withDoc<T>(docId: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const room = await this.openRoom(docId);
    room.holds++;
    try {
      await room.ready;
      return await fn(room.doc);
    } finally {
      room.holds--;
      room.checkIdle();
    }
  }

  /** The document's current state as one Yjs update. */
  getDocState(docId: string): Promise<Uint8Array> {
    return this.withDoc(docId, (doc) => Y.encodeStateAsUpdate(doc));
  }

  /** A server-side change (origin 'server'): saved, published and sent to clients like a client's. */
  transact(docId: string, fn: (doc: Y.Doc) => void): Promise<void> {
    return this.withDoc(docId, (doc) => doc.transact(() => fn(doc), SERVER_ORIGIN));
  }

  /** Applies an update with origin 'server'. */
  applyUpdate(docId: string, update: Uint8Array): Promise<void> {
    return this.withDoc(docId, (doc) => Y.applyUpdate(doc, update, SERVER_ORIGIN));
  }

  /** Listens to every update applied to any loaded document; returns the unsubscribe function. */
  onUpdate(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  metrics(): SyncMetrics {
    const conns = [...this.connections].filter((c) => !c.closed);
    return {
      ...this.counters,
      instanceId: this.instanceId,
      connections: conns.length,
      readOnlyConnections: conns.filter((c) => !c.canWrite).length,
      openDocs: this.rooms.size,
      pendingWriteDocs: this.persister.pendingDocs,
      persistBatches: this.persister.stats.batches,
      persistedRows: this.persister.stats.rows,
      persistFailures: this.persister.stats.failures,
    };
  }

  /** Hears every group commit of this instance's persistence (sizes and times, for metrics). */
  onGroupCommit(listener: (commit: GroupCommit) => void): () => void {
    return this.persister.onGroupCommit(listener);
  }

  /** Resolves when every update applied so far is committed. */
  flush(): Promise<void> {
    return this.persister.flush();
  }

  /** Graceful stop: refuse new connections, flush, close sockets (1001), unload every document. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.persister.flush();
    for (const conn of [...this.connections]) conn.close(SyncCloseCode.GOING_AWAY, 'server shutting down');
    await Promise.allSettled([...this.rooms.values()].map((room) => room.ready.then(() => this.unload(room))));
    await this.persister.flush();
    await this.compacting;
    this.persister.close();
  }

  // ── ServerContext ──────────────────────────────────────────────────────────

  emitUpdate(docId: string, update: Uint8Array, origin: UpdateOriginInfo): void {
    for (const listener of this.listeners) {
      try {
        listener(docId, update, origin);
      } catch (err) {
        this.log.error({ err, docId }, 'sync: an update listener threw');
      }
    }
  }

  loaded(room: Room): void {
    this.maybeCompact(room);
  }

  roomFailed(room: Room): void {
    if (this.rooms.get(room.docId) === room) this.rooms.delete(room.docId);
  }

  async unload(room: Room): Promise<void> {
    try {
      await room.unload();
    } finally {
      if (this.rooms.get(room.docId) === room) this.rooms.delete(room.docId);
    }
  }

  connectionClosed(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    const left = this.connectionsOf(conn.userId) - 1;
    if (left > 0) this.perUser.set(conn.userId, left);
    else this.perUser.delete(conn.userId);
    this.log.debug(
      { docId: conn.docId, userId: conn.userId, connection: conn.id, dropped: conn.dropped },
      'sync: connection closed',
    );
    this.rooms.get(conn.docId)?.remove(conn);
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private async openRoom(docId: string): Promise<Room> {
    for (;;) {
      const existing = this.rooms.get(docId);
      if (existing && (existing.state === 'closing' || existing.state === 'closed')) {
        await existing.unload();
        if (this.rooms.get(docId) === existing) this.rooms.delete(docId);
        continue;
      }
      if (existing) return existing;
      if (this.closing) throw new Error('sync server closing');
      const room = new Room(this, docId, ++this.incarnation);
      this.rooms.set(docId, room);
      return room;
    }
  }

  private maybeCompact(room: Room) {
    if (!shouldCompact({ rows: room.tailRows, bytes: room.tailBytes }, room.snapshotBytes, this.compaction)) return;
    this.compactQueue.add(room.docId);
    this.compacting ??= this.runCompactions().finally(() => (this.compacting = null));
  }

  private async runCompactions() {
    for (const docId of this.compactQueue) {
      this.compactQueue.delete(docId);
      try {
        const result = await this.store.compact(docId);
        if (result.compacted) {
          this.counters.compactions++;
          const room = this.rooms.get(docId);
          if (room) {
            // Rows committed after compaction's read stay in the log; this count restarts from zero
            // (as before), so it may lag behind the store by those rows until the next load.
            room.tailRows = room.tailBytes = 0;
            room.snapshotBytes = result.bytes;
          }
          this.log.debug({ docId, ...result }, 'sync: document compacted');
        }
      } catch (err) {
        this.counters.compactionFailures++;
        this.log.error({ err, docId }, 'sync: compaction failed');
      }
    }
  }
}
