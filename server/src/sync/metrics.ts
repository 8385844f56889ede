/** Counters of one sync server instance (monotonic since start). */
export interface SyncCounters {
  droppedReadOnlyMessages: number;
  /** Awareness states dropped: of client ids the connection does not own, beyond its 2 ids, or too large. */
  droppedAwarenessStates: number;
  /** Client updates refused because the document would pass its size limit. */
  refusedDocTooLarge: number;
  /** Connections refused because their user had too many. */
  refusedTooManyConnections: number;
  closedMalformed: number;
  closedTooLarge: number;
  closedRateLimited: number;
  closedAccessRevoked: number;
  closedSlowConsumer: number;
  loadFailures: number;
  busPublished: number;
  busPublishFailures: number;
  busReceived: number;
  busGaps: number;
  antiEntropyRounds: number;
  rescuedUpdates: number;
  compactions: number;
  compactionFailures: number;
  docsLoaded: number;
  docsUnloaded: number;
}

/** All counters at zero. */
export const newCounters = (): SyncCounters => ({
  droppedReadOnlyMessages: 0,
  droppedAwarenessStates: 0,
  refusedDocTooLarge: 0,
  refusedTooManyConnections: 0,
  closedMalformed: 0,
  closedTooLarge: 0,
  closedRateLimited: 0,
  closedAccessRevoked: 0,
  closedSlowConsumer: 0,
  loadFailures: 0,
  busPublished: 0,
  busPublishFailures: 0,
  busReceived: 0,
  busGaps: 0,
  antiEntropyRounds: 0,
  rescuedUpdates: 0,
  compactions: 0,
  compactionFailures: 0,
  docsLoaded: 0,
  docsUnloaded: 0,
});

/** A snapshot of an instance's sync state: what `app.sync.metrics()` returns. */
export interface SyncMetrics extends SyncCounters {
  instanceId: string;
  connections: number;
  readOnlyConnections: number;
  /** Documents currently in memory. */
  openDocs: number;
  /** Documents with updates not yet committed. */
  pendingWriteDocs: number;
  persistBatches: number;
  persistedRows: number;
  persistFailures: number;
}
