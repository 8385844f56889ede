/**
 * Who reacts to which domain event — the one list, in the manner of Hocuspocus' extension list.
 * Use-cases commit first and emit after (see plans/events.ts); each subscriber here runs after the
 * commit, and a failing one is logged with its name (it cannot undo what was committed, and it does
 * not keep the others from running).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { MessageKey, NotificationKind } from '@planner/shared';
import type { NewNotification } from './notifications/service.ts';
import { reviewPeople } from './review/repo.ts';
import { staleStaffRecipients } from './review/stale-notify.ts';
import { publicationSubscribers } from './publication/subscribers.ts';

function subscribe(app: FastifyInstance): (() => void)[] {
  const { events } = app;
  const { review, notifications } = app;
  const notify = (
    userIds: string[],
    kind: NotificationKind,
    planId: string,
    actorId: string | null,
    key: MessageKey,
    params: Record<string, string>,
  ) => notifications.notify(userIds.map((userId): NewNotification => ({ userId, kind, planId, actorId, key, params })));

  return [
    // ── Plan lifecycle ──────────────────────────────────────────────────────
    events.on('plan.transitioned', 'realtime: plan status to the plan room', (e) => {
      review.events.toPlan(e.planId, 'plan:status', {
        planId: e.planId,
        transition: e.transition,
        from: e.from,
        to: e.to,
        actorId: e.actorId,
        note: e.note,
        at: e.at,
      });
      if (e.approval) review.events.toPlan(e.planId, 'approval:recorded', e.approval);
    }),
    events.on('plan.transitioned', 'review: staleness monitors re-read the binding approval', async (e) => {
      if (e.approval) await review.rebind(e.planId);
      else await review.invalidate(e.planId);
    }),
    events.on('plan.transitioned', 'notifications: who hears of a transition', async (e) => {
      if (e.transition !== 'submit' && !e.approval) return;
      const p = await reviewPeople(app.db, e.planId, e.actorId);
      if (e.transition === 'submit') {
        await notifications.notify([
          ...p.staff.map(
            (userId): NewNotification => ({
              userId,
              kind: 'plan-submitted',
              planId: e.planId,
              actorId: e.actorId,
              key: 'notification.planSubmitted',
              params: { actor: p.actorName, plan: p.title },
            }),
          ),
          ...(p.ownerId
            ? [
                {
                  userId: p.ownerId,
                  kind: 'storefront-plan',
                  planId: e.planId,
                  actorId: e.actorId,
                  key: 'notification.storefrontPlan',
                  params: { plan: p.title },
                } satisfies NewNotification,
              ]
            : []),
        ]);
        return;
      }
      const approved = e.approval!.decision === 'approved';
      const designers = p.designers.filter((d) => d !== e.actorId);
      if (approved) await notify(designers, 'plan-approved', e.planId, e.actorId, 'notification.planApproved', { plan: p.title });
      else await notify(designers, 'changes-requested', e.planId, e.actorId, 'notification.changesRequested', { plan: p.title });
    }),
    events.on('plan.transitioned', 'checks: re-run the plan’s checks', (e) => {
      if (app.hasDecorator('checks')) app.checks.schedule(e.planId);
    }),

    // ── Approvals ───────────────────────────────────────────────────────────
    events.on('approval.renewed', 'realtime: the decision to the plan room', (e) => {
      review.events.toPlan(e.planId, 'approval:recorded', e.approval);
    }),
    events.on('approval.renewed', 'review: staleness monitors re-read the binding approval', (e) => review.rebind(e.planId)),
    events.on('approval.renewed', 'notifications: designers hear of the re-approval', async (e) => {
      const p = await reviewPeople(app.db, e.planId, e.actorId);
      await notify(p.designers, 'plan-approved', e.planId, e.actorId, 'notification.planApprovedAgain', { plan: p.title });
    }),
    events.on('approval.staleChanged', 'realtime: staleness to the plan room', (e) => {
      review.events.toPlan(e.planId, 'approval:stale', {
        planId: e.planId,
        approvalId: e.approvalId,
        stale: e.stale,
        currentHash: e.currentHash,
        at: new Date().toISOString(),
      });
    }),
    events.on('approval.staleChanged', 'realtime: staleness to staff (the dashboard’s stale approvals)', (e) => {
      app.realtime.rooms.toStaff('approval:stale', {
        planId: e.planId,
        approvalId: e.approvalId,
        stale: e.stale,
        currentHash: e.currentHash,
        at: new Date().toISOString(),
      });
    }),
    events.on('approval.staleChanged', 'notifications: designers hear that the approval went stale', async (e) => {
      if (!e.stale) return;
      const p = await reviewPeople(app.db, e.planId, null);
      await notify(p.designers, 'approval-stale', e.planId, null, 'notification.approvalStale', { plan: p.title });
    }),
    events.on(
      'approval.staleChanged',
      'notifications: the reviewer (else the staff desk) hears that the approval went stale',
      async (e) => {
        if (!e.stale) return;
        const p = await reviewPeople(app.db, e.planId, null);
        const staff = await staleStaffRecipients(app.db, e.approvalId, p);
        await notify(staff, 'approval-stale', e.planId, null, 'notification.approvalStaleStaff', { plan: p.title });
      },
    ),

    // ── Publication (publication/subscribers.ts) ────────────────────────────
    ...publicationSubscribers(app),
  ];
}

/** Registers every subscriber once the capabilities they use are in; unregisters them on close. */
export default fp(
  async (app) => {
    const offs = subscribe(app);
    app.addHook('onClose', async () => {
      for (const off of offs) off();
    });
  },
  { name: 'subscribers', dependencies: ['plans', 'review', 'notifications'] },
);
