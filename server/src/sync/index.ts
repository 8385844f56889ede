/** The sync core: a y-websocket server library over a DocStore and a PubSub. */
export {
  SyncServer,
  type SyncServerOptions,
  type DocAccessLevel,
  type UpdateListener,
} from './sync-server.ts';
export type { SyncSocket, ConnectionContext, Connection } from './connection.ts';
export type { DocStore, StoredDoc, AppendEntry, CompactResult } from './doc-store.ts';
export { MemoryDocStore } from './memory-doc-store.ts';
export { SqlDocStore } from './sql-doc-store.ts';
export { mergeStored, type CompactionOptions } from './compaction.ts';
export type { SyncLimits } from './limits.ts';
export type { SyncLogger } from './logger.ts';
export type { SyncMetrics } from './metrics.ts';
export type { GroupCommit } from './persistence.ts';
export type { OriginKind, UpdateOriginInfo } from './origin.ts';
