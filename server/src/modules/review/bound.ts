/**
 * Decisions bound to what was seen (issue 13). Approve, renew and the owner's consent carry the hash
 * of what the person looked at; when the live document moved on, the answer is a 409
 * `schedule-changed` with the diff between what they saw and what is live, so they can look again.
 * Open error findings must be acknowledged with a reason before approving.
 */
import { runPlanChecks, type Finding, type PlanInput } from '@planner/shared/checks/index';
import {
  consentHash,
  diffSchedules,
  normaliseSchedule,
  scheduleHash,
  type NormalisedScheduleEntry,
  type PlanDocJSON,
} from '@planner/shared/plan/index';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as checks from '../checks/repo.ts';
import {
  approvalScheduleByHash,
  consentForHash,
  lastApprovedSchedule,
  lastSubmittedState,
  recentVersionStates,
  versionStateByHash,
} from './bound-repo.ts';
import { stateToJSON } from './docs.ts';
import { diffItems } from './versions.ts';

/** Which schedule the diff of a conflict starts from: the one seen, or the best the server still has. */
export type DiffBasis = 'seen' | 'lastApproved' | 'lastSubmitted' | 'lastConsent' | 'none';

/** The schedule a hash stood for, when the server has stored it (an approval or a version). */
async function scheduleByHash(db: Queryable, planId: string, hash: string): Promise<NormalisedScheduleEntry[] | null> {
  const approved = await approvalScheduleByHash(db, planId, hash);
  if (approved) return approved;
  const state = await versionStateByHash(db, planId, hash);
  return state ? normaliseSchedule(stateToJSON(state).schedule) : null;
}

/** The schedule of the latest approval, else of the latest submit version. */
async function fallbackSchedule(
  db: Queryable,
  planId: string,
): Promise<{ basis: DiffBasis; schedule: NormalisedScheduleEntry[] }> {
  const approved = await lastApprovedSchedule(db, planId);
  if (approved) return { basis: 'lastApproved', schedule: approved };
  const state = await lastSubmittedState(db, planId);
  if (state) return { basis: 'lastSubmitted', schedule: normaliseSchedule(stateToJSON(state).schedule) };
  return { basis: 'none', schedule: [] };
}

/**
 * Refuses a decision on a schedule other than the live one: 409 `schedule-changed` with
 * `{ sentHash, currentHash, diff, basis }`. `basis` says what the diff starts from: `seen` when the
 * server has the schedule of `sentHash` (an approval or version of it), else the last approved or
 * submitted schedule.
 */
export async function assertScheduleSeen(
  db: Queryable,
  planId: string,
  sentHash: string | undefined,
  live: PlanDocJSON,
): Promise<void> {
  const currentHash = scheduleHash(live.schedule);
  if (sentHash === undefined || sentHash === currentHash) return;
  const seen = await scheduleByHash(db, planId, sentHash);
  const { basis, schedule } = seen ? { basis: 'seen' as const, schedule: seen } : await fallbackSchedule(db, planId);
  throw new AppError('schedule-changed', 'review.scheduleChanged', undefined, undefined, {
    sentHash,
    currentHash,
    basis,
    diff: diffSchedules(schedule, live.schedule),
  });
}

/** What the owner saw, as stored with a consent. */
export interface ConsentSnapshot {
  schedule: NormalisedScheduleEntry[];
  layout: PlanDocJSON['layout'];
}

/** The part of the document a consent binds. */
export function consentSnapshot(live: PlanDocJSON): ConsentSnapshot {
  return { schedule: normaliseSchedule(live.schedule), layout: live.layout };
}

/**
 * Refuses consent to a schedule or layout other than the live one: 409 `schedule-changed` with
 * `{ sentHash, currentHash, diff, layout, basis }` (`layout`: the changed layout items).
 */
export async function assertConsentSeen(db: Queryable, planId: string, sentHash: string, live: PlanDocJSON): Promise<void> {
  const currentHash = consentHash(live);
  if (sentHash === currentHash) return;
  const consent = await consentForHash(db, planId, sentHash);
  const stored = consent?.plan?.schedule ? consent : null;
  let basis: DiffBasis;
  let seen: ConsentSnapshot;
  if (stored) {
    basis = stored.consent_hash === sentHash ? 'seen' : 'lastConsent';
    seen = stored.plan;
  } else {
    // No consent yet: the versions hold whole documents; one of them may be what the owner saw.
    const versions = await recentVersionStates(db, planId);
    const docs = versions.map((r) => ({ reason: r.reason, plan: stateToJSON(r.state) }));
    const match = docs.find((d) => consentHash(d.plan) === sentHash);
    const latest = match ?? docs[0];
    basis = match ? 'seen' : !latest ? 'none' : latest.reason === 'approval' ? 'lastApproved' : 'lastSubmitted';
    seen = latest ? consentSnapshot(latest.plan) : { schedule: [], layout: {} };
  }
  throw new AppError('schedule-changed', 'review.scheduleChanged', undefined, undefined, {
    sentHash,
    currentHash,
    basis,
    diff: diffSchedules(seen.schedule, live.schedule),
    layout: diffItems(seen.layout, live.layout),
  });
}

/** The plan's findings computed now from its live document, its storefront and the other live plans. */
export async function liveFindings(db: Queryable, planId: string, live: PlanDocJSON): Promise<Finding[]> {
  const row = await checks.snapshotOf(db, planId);
  if (!row) return [];
  const [storefront] = await checks.storefronts(db, [row.storefront_id]);
  const toInput = (r: checks.SnapshotRow): PlanInput => ({
    id: r.plan_id,
    storefrontId: r.storefront_id,
    status: r.status,
    title: r.title,
    layout: r.doc?.layout ?? {},
    schedule: r.doc?.schedule ?? {},
    tasks: r.doc?.tasks ?? {},
  });
  const others = (await checks.livePlans(db)).filter((p) => p.plan_id !== planId).map(toInput);
  return runPlanChecks({
    plan: { ...toInput(row), layout: live.layout, schedule: live.schedule, tasks: live.tasks },
    storefront: storefront
      ? {
          id: storefront.id,
          outline: storefront.outline,
          doors: storefront.doors,
          availability: storefront.availability,
          maxOccupancy: storefront.max_occupancy,
        }
      : null,
    otherPlans: others,
    now: new Date(),
  });
}

/**
 * Approving with open error findings needs a reason: returns the reason to record (null when there
 * are no open errors), or throws 409 `review.errorsNotAcknowledged`.
 */
export async function acknowledgedErrors(
  db: Queryable,
  planId: string,
  live: PlanDocJSON,
  reason: string | undefined,
): Promise<string | null> {
  const errors = (await liveFindings(db, planId, live)).filter((f) => f.severity === 'error');
  if (!errors.length) return null;
  if (!reason?.trim()) {
    throw new AppError('CONFLICT', 'review.errorsNotAcknowledged', undefined, undefined, {
      errors: errors.map((f) => ({ kind: f.kind, messageKey: f.messageKey })),
    });
  }
  return reason.trim();
}
