import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SyncCloseCode } from '@planner/shared/sync-protocol';
import type { SyncMetrics } from '../../sync/metrics.ts';
import type { GroupCommit } from '../../sync/persistence.ts';

/** What the sync collectors read: the instance's counters at scrape time, and its group commits. */
export interface SyncSource {
  metrics(): SyncMetrics;
  onGroupCommit(listener: (commit: GroupCommit) => void): () => void;
}

/** The close counters of the sync core, by the close code the client sees. */
const CLOSES: { code: number; reason: string; of: (m: SyncMetrics) => number }[] = [
  { code: SyncCloseCode.MALFORMED, reason: 'malformed', of: (m) => m.closedMalformed },
  { code: SyncCloseCode.ACCESS_REVOKED, reason: 'access_revoked', of: (m) => m.closedAccessRevoked },
  { code: SyncCloseCode.TOO_LARGE, reason: 'too_large', of: (m) => m.closedTooLarge },
  { code: SyncCloseCode.RATE_LIMITED, reason: 'rate_limited', of: (m) => m.closedRateLimited },
  { code: SyncCloseCode.SLOW_CONSUMER, reason: 'slow_consumer', of: (m) => m.closedSlowConsumer },
];

/**
 * A counter whose value is the sync core's own monotonic counter, copied at scrape time (the core keeps
 * plain numbers and knows nothing of Prometheus).
 */
function mirroredCounter(
  registry: Registry,
  name: string,
  help: string,
  read: () => SyncMetrics | null,
  values: (m: SyncMetrics) => { labels?: Record<string, string>; value: number }[],
  labelNames: string[] = [],
) {
  return new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      const m = read();
      this.reset();
      if (!m) return;
      for (const { labels, value } of values(m)) {
        if (labels) this.inc(labels, value);
        else this.inc(value);
      }
    },
  });
}

function mirroredGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => SyncMetrics | null,
  of: (m: SyncMetrics) => number,
) {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const m = read();
      this.set(m ? of(m) : 0);
    },
  });
}

/**
 * Registers the sync series: connections and open documents (gauges), the core's counters (dropped
 * read-only updates, refusals, closes by code, bus traffic and gaps, anti-entropy repairs, compactions,
 * group commits) and histograms of the group commits' sizes and times. `source()` is null until the
 * sync plugin is up. Returns the function that subscribes to the group commits.
 */
export function registerSyncCollectors(registry: Registry, source: () => SyncSource | null): (sync: SyncSource) => () => void {
  const read = () => source()?.metrics() ?? null;
  const one = (value: number) => [{ value }];

  mirroredGauge(registry, 'planner_sync_connections', 'Open /yjs websocket connections', read, (m) => m.connections);
  mirroredGauge(
    registry,
    'planner_sync_read_only_connections',
    'Open /yjs connections without write access',
    read,
    (m) => m.readOnlyConnections,
  );
  mirroredGauge(registry, 'planner_sync_open_documents', 'Plan documents loaded in memory', read, (m) => m.openDocs);
  mirroredGauge(
    registry,
    'planner_sync_pending_write_documents',
    'Documents with updates not yet committed',
    read,
    (m) => m.pendingWriteDocs,
  );

  mirroredCounter(
    registry,
    'planner_sync_dropped_read_only_updates_total',
    'Document updates dropped because the connection is read-only',
    read,
    (m) => one(m.droppedReadOnlyMessages),
  );
  mirroredCounter(
    registry,
    'planner_sync_dropped_awareness_states_total',
    'Awareness states dropped (foreign client ids, too many, too large)',
    read,
    (m) => one(m.droppedAwarenessStates),
  );
  mirroredCounter(
    registry,
    'planner_sync_refused_total',
    'Client updates or connections refused by a limit',
    read,
    (m) => [
      { labels: { reason: 'doc_too_large' }, value: m.refusedDocTooLarge },
      { labels: { reason: 'too_many_connections' }, value: m.refusedTooManyConnections },
    ],
    ['reason'],
  );
  mirroredCounter(
    registry,
    'planner_sync_closes_total',
    'Connections the server closed, by close code',
    read,
    (m) => CLOSES.map((c) => ({ labels: { code: String(c.code), reason: c.reason }, value: c.of(m) })),
    ['code', 'reason'],
  );
  mirroredCounter(registry, 'planner_sync_load_failures_total', 'Documents that could not be loaded', read, (m) =>
    one(m.loadFailures),
  );
  mirroredCounter(
    registry,
    'planner_sync_bus_messages_total',
    'Sync messages published to and received from the bus',
    read,
    (m) => [
      { labels: { direction: 'published' }, value: m.busPublished },
      { labels: { direction: 'received' }, value: m.busReceived },
    ],
    ['direction'],
  );
  mirroredCounter(registry, 'planner_sync_bus_publish_failures_total', 'Publishes to the bus that failed', read, (m) =>
    one(m.busPublishFailures),
  );
  mirroredCounter(registry, 'planner_sync_bus_gaps_total', 'Gaps detected in a peer instance’s message sequence', read, (m) =>
    one(m.busGaps),
  );
  mirroredCounter(
    registry,
    'planner_sync_anti_entropy_rounds_total',
    'Anti-entropy rounds (repairs after gaps and outages)',
    read,
    (m) => one(m.antiEntropyRounds),
  );
  mirroredCounter(
    registry,
    'planner_sync_repaired_updates_total',
    'Updates re-published by the repair of missed bus messages',
    read,
    (m) => one(m.rescuedUpdates),
  );
  mirroredCounter(
    registry,
    'planner_sync_compactions_total',
    'Document compactions, by result',
    read,
    (m) => [
      { labels: { result: 'ok' }, value: m.compactions },
      { labels: { result: 'failed' }, value: m.compactionFailures },
    ],
    ['result'],
  );
  mirroredCounter(
    registry,
    'planner_sync_documents_total',
    'Documents loaded into and unloaded from memory',
    read,
    (m) => [
      { labels: { event: 'loaded' }, value: m.docsLoaded },
      { labels: { event: 'unloaded' }, value: m.docsUnloaded },
    ],
    ['event'],
  );
  mirroredCounter(
    registry,
    'planner_sync_group_commits_total',
    'Group commits of document updates, by result (a failed one is retried)',
    read,
    (m) => [
      { labels: { result: 'ok' }, value: m.persistBatches },
      { labels: { result: 'failed' }, value: m.persistFailures },
    ],
    ['result'],
  );
  mirroredCounter(registry, 'planner_sync_persisted_rows_total', 'Update rows appended by group commits', read, (m) =>
    one(m.persistedRows),
  );

  const rows = new Histogram({
    name: 'planner_sync_group_commit_rows',
    help: 'Rows (merged updates) per committed group commit',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const bytes = new Histogram({
    name: 'planner_sync_group_commit_bytes',
    help: 'Bytes of updates per committed group commit',
    buckets: [256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'planner_sync_group_commit_seconds',
    help: 'Time of a group commit’s write to the database, by result',
    labelNames: ['result'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return (sync) =>
    sync.onGroupCommit((c) => {
      seconds.observe({ result: c.ok ? 'ok' : 'failed' }, c.seconds);
      if (!c.ok) return;
      rows.observe(c.rows);
      bytes.observe(c.bytes);
    });
}
