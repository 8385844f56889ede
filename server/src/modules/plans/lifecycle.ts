import { normaliseSchedule, scheduleHash, type PlanDocJSON } from '@planner/shared/plan/index';
import {
  PLAN_TRANSITIONS,
  type Approval,
  type ApprovalDecision,
  type PlanStatus,
  type PlanTransition,
  type VersionSummary,
} from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import type { DocReader } from '../review/docs.ts';
import { acknowledgedErrors, assertScheduleSeen } from '../review/bound.ts';
import { assertConsentForPublish } from '../consent/service.ts';
import { insertApproval, insertVersion, latestApproval } from '../review/repo.ts';
import type { DomainEvents } from './events.ts';
import { lockPlanStatus, planStatus, setPlanStatus } from './repo.ts';

/** The document at one moment, as JSON and as one Yjs update. */
type Snapshot = { json: PlanDocJSON; state: Uint8Array };

/** Transitions that record a decision on the schedule (an approval row bound to its hash). */
const DECISIONS: Partial<Record<PlanTransition, ApprovalDecision>> = {
  approve: 'approved',
  'request-changes': 'changes-requested',
};
/** Transitions that take a version of the document, with its name's message key. */
const VERSIONS: Partial<Record<PlanTransition, string>> = {
  submit: 'version.submitted',
  approve: 'version.approved',
  'request-changes': 'version.changesRequested',
};

export interface TransitionInput {
  note?: string;
  /** approve: the hash of the schedule the reviewer saw (409 `schedule-changed` when the live one differs). */
  scheduleHash?: string;
  /** approve: the reason for approving despite open error findings. */
  acknowledgeErrors?: string;
  /** publish: the reason for publishing without the owner's current consent. */
  overrideConsent?: string;
  ip?: string | null;
  /** The request's whole body, for transition hooks (e.g. publishing's override reasons). */
  body?: Record<string, unknown>;
}

/** What a transition hook is told. What it returns is added to the transition's audit details. */
export interface TransitionHookContext {
  planId: string;
  name: PlanTransition;
  actor: { userId: string };
  input: TransitionInput;
}
type HookResult = Promise<Record<string, unknown> | undefined>;
/**
 * Hooks of other capabilities into a transition (see publication/): `before` runs before the
 * transaction (it may read anything; what it returns is passed on), `within` inside it, after the
 * state machine's and the approval's checks and the status change (it may refuse by throwing).
 */
export interface TransitionHooks {
  before: ((ctx: TransitionHookContext) => HookResult)[];
  within: ((tx: Queryable, ctx: TransitionHookContext & { from: PlanStatus; before: Record<string, unknown> }) => HookResult)[];
}

export interface TransitionResult {
  from: PlanStatus;
  to: PlanStatus;
  approval: Approval | null;
  version: VersionSummary | null;
}

/**
 * Records a decision (and the version it binds to) inside the caller's transaction: used by the
 * approve and request-changes transitions and by re-approval.
 */
export async function recordDecision(
  tx: Queryable,
  planId: string,
  decision: ApprovalDecision,
  actorId: string,
  note: string,
  snap: Snapshot,
  acknowledged: string | null = null,
): Promise<{ approval: Approval; version: VersionSummary }> {
  const hash = scheduleHash(snap.json.schedule);
  const version = await insertVersion(tx, {
    planId,
    name: decision === 'approved' ? 'version.approved' : 'version.changesRequested',
    reason: 'approval',
    actorId,
    state: snap.state,
    scheduleHash: hash,
  });
  const approval = await insertApproval(tx, {
    planId,
    decision,
    note,
    actorId,
    scheduleHash: hash,
    schedule: normaliseSchedule(snap.json.schedule),
    // Disciplines too: the city reports (issue 20) count approved stagings by the disciplines approved with them.
    meta: {
      title: snap.json.meta.title,
      publicDescription: snap.json.meta.publicDescription,
      disciplines: snap.json.meta.disciplines,
    },
    version: version.number,
    acknowledgedErrors: acknowledged,
  });
  return { approval, version };
}

/**
 * The plan lifecycle (DESIGN.md §4) as one use-case. `transition` does everything a transition means
 * in ONE transaction — lock the plan's row, check the state machine and the domain guard (publishing
 * needs a fresh approval), change the status, record the approval and the version where the
 * transition makes them, write the audit entry — and only after the commit emits
 * `plan.transitioned`. So either all of it happened, or the caller gets the error and nothing did.
 *
 * Permission is not checked here: routes declare the transition's action as route config, and the
 * demo seeder acts as the people it names.
 */
export class PlanLifecycle {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
    private readonly events: DomainEvents,
  ) {}

  /** Hooks of other capabilities (registered once at start-up). */
  readonly hooks: TransitionHooks = { before: [], within: [] };

  async transition(
    actor: { userId: string },
    planId: string,
    name: PlanTransition,
    input: TransitionInput = {},
  ): Promise<TransitionResult> {
    const t = PLAN_TRANSITIONS[name];
    // The live document is read before the transaction: loading it may itself query the database.
    if (!(await planStatus(this.db, planId))) throw new AppError('NOT_FOUND', 'plan.notFound');
    const snap = VERSIONS[name] || name === 'publish' ? await this.docs.live(planId) : null;
    const note = input.note ?? null;
    const extra: Record<string, unknown> = {};
    for (const hook of this.hooks.before) Object.assign(extra, await hook({ planId, name, actor, input }));

    const result = await this.db.transaction(async (tx): Promise<TransitionResult> => {
      const from = await lockPlanStatus(tx, planId);
      if (!from) throw new AppError('NOT_FOUND', 'plan.notFound');
      if (!(t.from as readonly PlanStatus[]).includes(from)) {
        throw new AppError('INVALID_TRANSITION', 'plan.transitionNotAllowed', { transition: name, status: from });
      }
      if (name === 'publish') await assertPublishable(tx, planId, scheduleHash(snap!.json.schedule));
      // Decisions bound to what was seen (issue 13): the reviewer's schedule, acknowledged errors, consent.
      // (Apart from `extra`, what the before-hooks found, which the within-hooks are given.)
      let decided: Record<string, unknown> = {};
      let acknowledged: string | null = null;
      if (name === 'approve') {
        await assertScheduleSeen(tx, planId, input.scheduleHash, snap!.json);
        acknowledged = await acknowledgedErrors(tx, planId, snap!.json, input.acknowledgeErrors);
        if (acknowledged) decided = { acknowledgedErrors: acknowledged };
      }
      if (name === 'publish') decided = await assertConsentForPublish(tx, planId, snap!.json, input.overrideConsent);
      await setPlanStatus(tx, planId, t.to);
      for (const hook of this.hooks.within)
        Object.assign(decided, await hook(tx, { planId, name, actor, input, from, before: extra }));
      let approval: Approval | null = null;
      let version: VersionSummary | null = null;
      const decision = DECISIONS[name];
      if (decision) {
        ({ approval, version } = await recordDecision(tx, planId, decision, actor.userId, note ?? '', snap!, acknowledged));
      } else if (VERSIONS[name]) {
        const hash = scheduleHash(snap!.json.schedule);
        version = await insertVersion(tx, {
          planId,
          name: VERSIONS[name]!,
          reason: 'submit',
          actorId: actor.userId,
          state: snap!.state,
          scheduleHash: hash,
        });
      }
      await audit(tx, {
        actorId: actor.userId,
        action: `plan.${name}` as never,
        subjectType: 'plan',
        subjectId: planId,
        planId,
        details: { from, to: t.to, note, ...extra, ...decided },
        ip: input.ip ?? null,
      });
      return { from, to: t.to, approval, version };
    });

    await this.events.emit('plan.transitioned', {
      planId,
      transition: name,
      from: result.from,
      to: result.to,
      actorId: actor.userId,
      note,
      at: new Date().toISOString(),
      approval: result.approval,
    });
    return result;
  }
}

/**
 * Refuses publishing without a fresh approval: the latest decision must be an approval that is
 * neither marked stale nor bound to another schedule than the live one.
 */
async function assertPublishable(tx: Queryable, planId: string, liveHash: string): Promise<void> {
  const { latest } = await latestApproval(tx, planId);
  if (latest?.decision !== 'approved') throw new AppError('CONFLICT', 'review.notApproved');
  if (latest.stale || liveHash !== latest.scheduleHash) throw new AppError('CONFLICT', 'review.approvalStale');
}
