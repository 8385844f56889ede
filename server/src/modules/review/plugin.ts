import fp from 'fastify-plugin';
import { ApprovalService } from './service.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import { syncDocReader, type DocReader } from './docs.ts';
import { StalenessMonitor } from './staleness.ts';
import { VersionService } from './versions.ts';

/** The review loop's services (`app.review`), used by its routes and the subscribers. */
export interface ReviewServices {
  docs: DocReader;
  events: RoomBroadcaster;
  approvals: ApprovalService;
  versions: VersionService;
  monitor: StalenessMonitor;
  /** The binding approval of a plan changed: every instance re-reads it, and this one checks the live schedule now. */
  rebind(planId: string): Promise<void>;
  /** Tells every instance's staleness monitor that a plan's binding approval may have changed. */
  invalidate(planId: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    review: ReviewServices;
  }
}

/** Tells every instance that a plan's binding approval changed. */
const INVALIDATE_CHANNEL = 'review:approval-changed';
/** Schedule edits within this window are checked for staleness together. */
const STALENESS_DEBOUNCE_MS = 300;

/**
 * The review loop (issue 6): approvals bound to the schedule's hash and kept fresh/stale from the
 * live documents, and versions (comments and notifications are their own capabilities). Reacts to
 * the sync layer's update stream; how it reacts to the plan lifecycle is listed in modules/subscribers.ts.
 */
export default fp(
  async (app) => {
    // Events reach plan and person rooms on every instance through the realtime plugin's broadcaster.
    const events = app.realtime.rooms;

    const docs = syncDocReader(app.sync);
    const versions = new VersionService(app.db, docs);
    const approvals = new ApprovalService(app.db, docs, app.events);

    const monitor = new StalenessMonitor({
      withDoc: (docId, fn) => app.sync.withDoc(docId, fn),
      load: async (planId) => {
        const a = await approvals.binding(app.db, planId);
        return a ? { approvalId: a.id, hash: a.scheduleHash, schedule: a.schedule } : null;
      },
      persist: (approvalId, stale) => approvals.setStale(approvalId, stale),
      changed: async (planId, approvalId, stale, currentHash) => {
        await app.events.emit('approval.staleChanged', { planId, approvalId, stale, currentHash });
      },
      // Every check (not only a change of the flag) goes to the plan's pages on every instance.
      pushed: (planId, diff) => events.toPlan(planId, 'approval:diff', { planId, ...diff }),
      onError: (err, planId) => app.log.error({ err, planId }, 'staleness check failed'),
      debounceMs: STALENESS_DEBOUNCE_MS,
    });
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    const unsubscribe = await app.bus.subscribe(INVALIDATE_CHANNEL, (msg) => monitor.invalidate(decoder.decode(msg)));
    const invalidate = async (planId: string) => {
      monitor.invalidate(planId);
      await app.bus.publish(INVALIDATE_CHANNEL, encoder.encode(planId));
    };
    const rebind = async (planId: string) => {
      await invalidate(planId);
      await monitor.checkNow(planId);
    };

    const offUpdate = app.sync.onUpdate((docId, _update, origin) => {
      // Loading from the store changes nothing; every other update may have touched the schedule.
      if (origin.kind !== 'store') monitor.updated(docId);
    });

    app.decorate('review', { docs, events, approvals, versions, monitor, rebind, invalidate } satisfies ReviewServices);

    app.addHook('preClose', async () => {
      offUpdate();
      monitor.stop();
      await monitor.idle();
    });
    app.addHook('onClose', async () => {
      await unsubscribe();
    });
  },
  { name: 'review', dependencies: ['config', 'database', 'bus', 'sync', 'realtime', 'auth', 'plans'] },
);
