/**
 * Who hears of decisions on publication (issue 13, defect 5): designers of approve, publish, un-publish
 * and entry cancellations; the storefront's owner of approve, publish, un-publish and cancellations.
 * (Submit → owner and approve/request-changes → designers are in modules/subscribers.ts.)
 * The note or reason is the notification's content.
 */
import type { FastifyInstance } from 'fastify';
import type { MessageKey, NotificationKind } from '@planner/shared';
import type { NewNotification } from '../notifications/service.ts';
import { reviewPeople } from '../review/repo.ts';

const withNote = (note: string | null | undefined) => (note?.trim() ? ` – „${note.trim()}“` : '');

export function publicationSubscribers(app: FastifyInstance): (() => void)[] {
  const { events, notifications } = app;
  const send = (
    userIds: (string | null)[],
    kind: NotificationKind,
    planId: string,
    actorId: string,
    key: MessageKey,
    params: Record<string, string>,
  ) =>
    notifications.notify(
      [...new Set(userIds.filter((u): u is string => !!u && u !== actorId))].map(
        (userId): NewNotification => ({ userId, kind, planId, actorId, key, params }),
      ),
    );

  return [
    events.on(
      'plan.transitioned',
      'notifications: owner and designers hear of approval, publishing and un-publishing',
      async (e) => {
        if (e.transition !== 'approve' && e.transition !== 'publish' && e.transition !== 'unpublish') return;
        const p = await reviewPeople(app.db, e.planId, e.actorId);
        const note = withNote(e.note);
        if (e.transition === 'approve') {
          await send([p.ownerId], 'plan-approved', e.planId, e.actorId, 'notification.planApprovedOwner', {
            plan: p.title,
            note,
          });
        } else if (e.transition === 'publish') {
          await send(p.designers, 'plan-published', e.planId, e.actorId, 'notification.planPublished', { plan: p.title, note });
          await send([p.ownerId], 'plan-published', e.planId, e.actorId, 'notification.planPublishedOwner', {
            plan: p.title,
            note,
          });
        } else {
          await send([...p.designers, p.ownerId], 'plan-unpublished', e.planId, e.actorId, 'notification.planUnpublished', {
            plan: p.title,
            reason: e.note ?? '',
          });
        }
      },
    ),
    events.on('publication.entryCancelled', 'notifications: members and owner hear of a cancelled entry', async (e) => {
      const p = await reviewPeople(app.db, e.planId, e.actorId);
      await send([...p.designers, p.ownerId], 'entry-cancelled', e.planId, e.actorId, 'notification.entryCancelled', {
        plan: p.title,
        entry: e.title,
        reason: e.reason,
      });
    }),
  ];
}
