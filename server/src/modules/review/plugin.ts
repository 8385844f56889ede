import fp from 'fastify-plugin';
import { ApprovalService } from './approvals.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import { CommentService } from '../comments/service.ts';
import { syncDocReader, type DocReader } from './docs.ts';
import { FeedService } from '../feeds/feeds.ts';
import { NotificationService } from '../notifications/service.ts';
import { ProgrammeService } from '../feeds/programme.ts';
import { ReviewLoop } from './review-loop.ts';
import { StalenessMonitor } from './staleness.ts';
import { VersionService } from './versions.ts';

/** The review loop's services (`app.review`), used by its route plugins. */
export interface ReviewServices {
  docs: DocReader;
  events: RoomBroadcaster;
  approvals: ApprovalService;
  versions: VersionService;
  comments: CommentService;
  notifications: NotificationService;
  programme: ProgrammeService;
  feeds: FeedService;
  monitor: StalenessMonitor;
  loop: ReviewLoop;
}

declare module 'fastify' {
  interface FastifyInstance {
    review: ReviewServices;
  }
}

/** Tells every instance that a plan's binding approval changed. */
const INVALIDATE_CHANNEL = 'review:approval-changed';
/** Schedule edits within this window are checked for staleness together. */
const STALENESS_DEBOUNCE_MS = 75;

/**
 * The review loop (issue 6): approvals bound to the schedule's hash and kept fresh/stale from the
 * live documents, versions, comments, notifications, feeds and the public programme. Hooks into the
 * plan lifecycle (`app.planHooks`) and the sync layer's update stream; events go to socket.io rooms
 * on every instance through the bus.
 */
export default fp(
  async (app) => {
    const onError = (err: unknown, what = 'review') => app.log.error({ err }, `${what} failed`);
    // Events reach plan and person rooms on every instance through the realtime plugin's broadcaster.
    const events = app.realtime.rooms;

    const docs = syncDocReader(app.sync);
    const versions = new VersionService(app.db, docs);
    const approvals = new ApprovalService(app.db, docs, versions, events);
    const notifications = new NotificationService(app.db, events);
    const comments = new CommentService(app.db, docs, events, notifications);
    const programme = new ProgrammeService(app.db);
    const feeds = new FeedService(app.db, docs, programme, { publicUrl: app.config.publicUrl, secret: app.config.sessionSecret });

    let loop: ReviewLoop;
    const monitor = new StalenessMonitor({
      withDoc: (docId, fn) => app.sync.withDoc(docId, fn),
      load: async (planId) => {
        const a = await approvals.binding(app.db, planId);
        return a ? { approvalId: a.id, hash: a.scheduleHash } : null;
      },
      persist: (approvalId, stale) => approvals.setStale(approvalId, stale),
      changed: (planId, approvalId, stale, hash) => loop.staleChanged(planId, approvalId, stale, hash).catch((err) => onError(err, 'staleness event')),
      onError: (err) => onError(err, 'staleness check'),
      debounceMs: STALENESS_DEBOUNCE_MS,
    });
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    const unsubscribe = await app.bus.subscribe(INVALIDATE_CHANNEL, (msg) => monitor.invalidate(decoder.decode(msg)));
    const invalidateEverywhere = async (planId: string) => {
      monitor.invalidate(planId);
      await app.bus.publish(INVALIDATE_CHANNEL, encoder.encode(planId));
    };
    loop = new ReviewLoop(app.db, docs, approvals, versions, notifications, events, monitor, invalidateEverywhere);

    const offUpdate = app.sync.onUpdate((docId, _update, origin) => {
      // Loading from the store changes nothing; every other update may have touched the schedule.
      if (origin.kind !== 'store') monitor.updated(docId);
    });

    app.planHooks.guards.push(async (tx, planId, transition) => {
      if (transition === 'publish') await approvals.assertPublishable(tx, planId, monitor.liveHash(planId));
    });
    app.planHooks.after.push(async (e) => {
      // The transition has committed: a failure here must not turn it into an error answer. Without
      // its approval record a plan cannot be published (the guard above), so nothing unsafe follows.
      await loop.transitioned(e).catch((err) => onError(err, `review after ${e.transition}`));
    });

    app.decorate('review', { docs, events, approvals, versions, comments, notifications, programme, feeds, monitor, loop } satisfies ReviewServices);

    app.addHook('preClose', async () => {
      offUpdate();
      monitor.stop();
      await monitor.idle();
    });
    app.addHook('onClose', async () => {
      await unsubscribe();
    });
  },
  { name: 'review', dependencies: ['config', 'database', 'bus', 'sync', 'realtime', 'auth', 'routes-plans'] },
);
