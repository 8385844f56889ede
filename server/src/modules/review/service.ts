import { diffSchedules, scheduleHash, type ScheduleLike } from '@planner/shared/plan/index';
import { BOUND_STATUSES, type Approval, type ApprovalState, type PlanSummary } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { recordDecision } from '../plans/lifecycle.ts';
import { lockPlanStatus, planStatus, staleApprovedPlans } from '../plans/repo.ts';
import type { DomainEvents } from '../plans/events.ts';
import type { DocReader } from './docs.ts';
import { approvalHistory, latestApproval, setApprovalStale } from './repo.ts';
import { acknowledgedErrors, assertScheduleSeen } from './bound.ts';

/** What the staleness monitor compares against: the approval that binds the plan's schedule now. */
export interface BindingApproval {
  approvalId: number;
  hash: string;
  /** The approved copy of the schedule (the live diff is computed against it). */
  schedule?: ScheduleLike;
}

/**
 * Decisions of staff on a plan's schedule. An approval stores the decision, who, when, the note, the
 * content hash of the normalised schedule and a copy of it, plus a version of the whole document.
 * Decisions of the approve and request-changes transitions are recorded by the plan lifecycle.
 */
export class ApprovalService {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Staff approve the current schedule again (an approved or published plan, e.g. after it went
   * stale): the version, the approval and the audit entry in one transaction, then `approval.renewed`.
   */
  async renew(
    planId: string,
    actorId: string,
    note = '',
    seen: { scheduleHash?: string; acknowledgeErrors?: string } = {},
  ): Promise<Approval> {
    if (!(await planStatus(this.db, planId))) throw new AppError('NOT_FOUND', 'plan.notFound');
    const snap = await this.docs.live(planId);
    const approval = await this.db.transaction(async (tx) => {
      const status = await lockPlanStatus(tx, planId);
      if (!status) throw new AppError('NOT_FOUND', 'plan.notFound');
      if (status !== 'approved' && status !== 'published') throw new AppError('INVALID_TRANSITION', 'review.renewNotAllowed');
      await assertScheduleSeen(tx, planId, seen.scheduleHash, snap.json);
      const acknowledged = await acknowledgedErrors(tx, planId, snap.json, seen.acknowledgeErrors);
      const { approval } = await recordDecision(tx, planId, 'approved', actorId, note, snap, acknowledged);
      await audit(tx, {
        actorId,
        action: 'approval.renewed',
        subjectType: 'approval',
        subjectId: String(approval.id),
        planId,
        details: acknowledged ? { note, acknowledgedErrors: acknowledged } : { note },
      });
      return approval;
    });
    await this.events.emit('approval.renewed', { planId, actorId, approval });
    return approval;
  }

  /** Approved and published plans whose approval went stale, from the stored flag (no live document read). */
  stale(userId: string, limit: number): Promise<PlanSummary[]> {
    return staleApprovedPlans(this.db, userId, limit);
  }

  /** Every decision on a plan, newest first. */
  history(planId: string): Promise<Approval[]> {
    return approvalHistory(this.db, planId);
  }

  /** The approval that binds the schedule now, if any. */
  async binding(db: Queryable, planId: string): Promise<Approval | null> {
    const { status, latest } = await latestApproval(db, planId);
    return status && BOUND_STATUSES.includes(status) && latest?.decision === 'approved' ? latest : null;
  }

  /** The review state with what changed since the binding approval. */
  async state(planId: string): Promise<ApprovalState> {
    const { status, latest } = await latestApproval(this.db, planId);
    if (!status) throw new AppError('NOT_FOUND', 'plan.notFound');
    const current = BOUND_STATUSES.includes(status) && latest?.decision === 'approved' ? latest : null;
    const snap = await this.docs.live(planId);
    const live = snap.json.schedule;
    const currentHash = scheduleHash(live);
    const changes = current ? diffSchedules(current.schedule, live) : null;
    const stale = !!current && currentHash !== current.scheduleHash;
    return {
      planId,
      status,
      latest,
      current,
      stale,
      currentHash,
      changes,
      ...(snap.revision === undefined ? {} : { revision: snap.revision }),
    };
  }

  /** Persists fresh/stale; true only for the one write that changed it (idempotent across instances). */
  setStale(approvalId: number, stale: boolean): Promise<boolean> {
    return setApprovalStale(this.db, approvalId, stale);
  }
}
