import type { PubSub } from '../platform/bus/pubsub.ts';
import type { DocStore } from './doc-store.ts';
import type { FanoutOptions } from './fanout.ts';
import type { SyncLimits } from './limits.ts';
import type { SyncLogger } from './logger.ts';
import type { SyncCounters } from './metrics.ts';
import type { UpdateOriginInfo } from './origin.ts';
import type { Persister } from './persistence.ts';
import type { Room } from './room.ts';
import type { Connection } from './connection.ts';

/** What rooms and connections share of their server (implemented by SyncServer). */
export interface ServerContext {
  readonly instanceId: string;
  readonly store: DocStore;
  readonly bus: PubSub;
  readonly persister: Persister;
  readonly counters: SyncCounters;
  readonly log: SyncLogger;
  readonly limits: SyncLimits;
  readonly fanout: FanoutOptions;
  emitUpdate(docId: string, update: Uint8Array, origin: UpdateOriginInfo): void;
  loaded(room: Room): void;
  roomFailed(room: Room): void;
  unload(room: Room): Promise<void>;
  connectionClosed(conn: Connection): void;
}
