import type { Approval, ApprovalDecision, PlanTransition } from '@planner/shared';
import { scheduleHash } from '@planner/shared/plan/index';
import type { Database } from '../../platform/db/database.ts';
import type { ApprovalService } from './approvals.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import type { DocReader } from './docs.ts';
import type { NewNotification, NotificationService } from '../notifications/service.ts';
import type { StalenessMonitor } from './staleness.ts';
import type { VersionService } from './versions.ts';

export interface TransitionEvent {
  planId: string;
  transition: PlanTransition;
  from: string;
  to: string;
  actorId: string;
  note?: string;
}

interface People {
  title: string;
  ownerId: string | null;
  designers: string[];
  staff: string[];
  actorName: string;
}

/**
 * How the review loop reacts to the plan lifecycle and to schedule edits: versions at submit and at
 * every decision, approvals recorded with the schedule's hash, status and staleness events, and who
 * is notified of what. `invalidate` tells every instance's staleness monitor that a plan's binding
 * approval changed (through the bus).
 */
export class ReviewLoop {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
    private readonly approvals: ApprovalService,
    private readonly versions: VersionService,
    private readonly notifications: NotificationService,
    private readonly events: RoomBroadcaster,
    private readonly monitor: StalenessMonitor,
    private readonly invalidateEverywhere: (planId: string) => Promise<void>,
  ) {}

  private async people(planId: string, actorId: string): Promise<People> {
    const { rows } = await this.db.query<{ title: string; owner_id: string | null; user_id: string | null; role: string | null; actor_name: string | null }>(
      `select p.title, s.owner_id, m.user_id, m.role, (select name from users where id = $2) as actor_name
         from plans p join storefronts s on s.id = p.storefront_id left join plan_members m on m.plan_id = p.id
        where p.id = $1`,
      [planId, actorId],
    );
    const globalStaff = await this.db.query<{ id: string }>('select id from users where staff');
    return {
      title: rows[0]?.title ?? '',
      ownerId: rows[0]?.owner_id ?? null,
      designers: rows.filter((r) => r.role === 'designer').map((r) => r.user_id!),
      staff: [...new Set([...globalStaff.rows.map((r) => r.id), ...rows.filter((r) => r.role === 'staff').map((r) => r.user_id!)])],
      actorName: rows[0]?.actor_name ?? '',
    };
  }

  /** The binding approval of a plan changed: re-read it everywhere and check the live schedule now. */
  private async rebind(planId: string): Promise<void> {
    await this.invalidateEverywhere(planId);
    const { json } = await this.docs.live(planId);
    await this.monitor.compare(planId, scheduleHash(json.schedule));
  }

  /** Records a decision (from the transition or a re-approval), notifies the designers. */
  async decide(planId: string, decision: ApprovalDecision, actorId: string, note = ''): Promise<Approval> {
    const approval = await this.approvals.record(planId, decision, actorId, note);
    await this.rebind(planId);
    const p = await this.people(planId, actorId);
    const text =
      decision === 'approved'
        ? `Der Zeitplan von „${p.title}“ wurde freigegeben / The schedule of "${p.title}" was approved`
        : `Für „${p.title}“ wurden Änderungen erbeten / Changes were requested for "${p.title}"`;
    const kind = decision === 'approved' ? 'plan-approved' : 'changes-requested';
    await this.notifications.notify(p.designers.filter((d) => d !== actorId).map((userId) => ({ userId, kind, planId, actorId, text })));
    return approval;
  }

  /** Re-approval of an approved or published plan's current schedule (e.g. after it went stale). */
  async renew(planId: string, actorId: string, note = ''): Promise<Approval> {
    const approval = await this.approvals.renew(planId, actorId, note);
    await this.rebind(planId);
    const p = await this.people(planId, actorId);
    const text = `Der Zeitplan von „${p.title}“ wurde erneut freigegeben / The schedule of "${p.title}" was approved again`;
    await this.notifications.notify(p.designers.map((userId) => ({ userId, kind: 'plan-approved' as const, planId, actorId, text })));
    return approval;
  }

  /** After a transition committed (plans.ts `planHooks.after`). */
  async transitioned(e: TransitionEvent): Promise<void> {
    this.events.toPlan(e.planId, 'plan:status', {
      planId: e.planId,
      transition: e.transition,
      from: e.from as never,
      to: e.to as never,
      actorId: e.actorId,
      note: e.note ?? null,
      at: new Date().toISOString(),
    });
    switch (e.transition) {
      case 'submit': {
        await this.versions.take(e.planId, { name: 'Eingereicht / Submitted', reason: 'submit', actorId: e.actorId });
        const p = await this.people(e.planId, e.actorId);
        const notes: NewNotification[] = p.staff.map((userId) => ({
          userId,
          kind: 'plan-submitted',
          planId: e.planId,
          actorId: e.actorId,
          text: `${p.actorName} hat „${p.title}“ zur Freigabe eingereicht / ${p.actorName} submitted "${p.title}" for approval`,
        }));
        if (p.ownerId) {
          notes.push({
            userId: p.ownerId,
            kind: 'storefront-plan',
            planId: e.planId,
            actorId: e.actorId,
            text: `Für Ihr Ladenlokal wurde „${p.title}“ eingereicht / "${p.title}" was submitted for your storefront`,
          });
        }
        await this.notifications.notify(notes);
        return;
      }
      case 'approve':
        await this.decide(e.planId, 'approved', e.actorId, e.note);
        return;
      case 'request-changes':
        await this.decide(e.planId, 'changes-requested', e.actorId, e.note);
        return;
      default:
        await this.invalidateEverywhere(e.planId);
    }
  }

  /** The stored staleness of an approval changed (on this instance's write). */
  async staleChanged(planId: string, approvalId: number, stale: boolean, hash: string): Promise<void> {
    this.events.toPlan(planId, 'approval:stale', { planId, approvalId, stale, currentHash: hash, at: new Date().toISOString() });
    if (!stale) return;
    const { rows } = await this.db.query<{ title: string }>('select title from plans where id = $1', [planId]);
    const title = rows[0]?.title ?? '';
    const { rows: designers } = await this.db.query<{ user_id: string }>(`select user_id from plan_members where plan_id = $1 and role = 'designer'`, [planId]);
    await this.notifications.notify(
      designers.map((d) => ({
        userId: d.user_id,
        kind: 'approval-stale' as const,
        planId,
        text: `Der Zeitplan von „${title}“ wurde nach der Freigabe geändert und muss erneut freigegeben werden / The schedule of "${title}" changed after approval and needs approval again`,
      })),
    );
  }
}
