/** All SQL of the review capability: approvals, versions, and who a plan's review concerns. */
import { scheduleReach, type NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { Approval, ApprovalDecision, PlanStatus, VersionReason, VersionSummary } from '@planner/shared';
import { lockXact } from '../../platform/db/locks.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { iso } from './docs.ts';

// ── Approvals ────────────────────────────────────────────────────────────────

interface ApprovalRow {
  id: number;
  plan_id: string;
  decision: ApprovalDecision;
  note: string;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: Date | string;
  schedule_hash: string;
  schedule: NormalisedScheduleEntry[];
  version: number | null;
  stale: boolean;
  stale_since: Date | string | null;
  acknowledged_errors: string | null;
}

const APPROVAL = `select a.id::float8 as id, a.plan_id, a.decision, a.note, a.decided_by, u.name as decider_name, a.decided_at,
    a.schedule_hash, a.schedule, a.version, a.stale, a.stale_since, a.acknowledged_errors
  from approvals a left join users u on u.id = a.decided_by`;

function toApproval(r: ApprovalRow): Approval {
  return {
    id: Number(r.id),
    planId: r.plan_id,
    decision: r.decision,
    note: r.note,
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decider_name ?? '' } : null,
    decidedAt: iso(r.decided_at),
    scheduleHash: r.schedule_hash,
    schedule: r.schedule,
    version: r.version,
    stale: r.stale,
    staleSince: r.stale_since ? iso(r.stale_since) : null,
    acknowledgedErrors: r.acknowledged_errors ?? null,
  };
}

export interface NewApproval {
  planId: string;
  decision: ApprovalDecision;
  note: string;
  actorId: string;
  scheduleHash: string;
  schedule: NormalisedScheduleEntry[];
  meta: { title: string; publicDescription: string | undefined; disciplines?: readonly string[] };
  version: number;
  /** The reason for approving despite open error findings. */
  acknowledgedErrors?: string | null;
}

/**
 * approvals.span (migration 031) as a range literal: inclusive bounds, an open side for an unknown end,
 * 'empty' for a schedule without entries, null (always read) when the schedule's reach is not known.
 */
export function spanLiteral(reach: ReturnType<typeof scheduleReach>): string | null {
  if (reach === null || reach === 'empty') return reach;
  return `[${reach.start ? `"${reach.start}"` : ''},${reach.end ? `"${reach.end}"]` : ')'}`;
}

/** Inserts a decision and returns it as the API shows it. */
export async function insertApproval(db: Queryable, a: NewApproval): Promise<Approval> {
  const { rows } = await db.query<{ id: number }>(
    `insert into approvals (plan_id, decision, note, decided_by, schedule_hash, schedule, meta, version, acknowledged_errors, span)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10::tstzrange) returning id::float8 as id`,
    [
      a.planId,
      a.decision,
      a.note,
      a.actorId,
      a.scheduleHash,
      JSON.stringify(a.schedule),
      JSON.stringify(a.meta),
      a.version,
      a.acknowledgedErrors ?? null,
      spanLiteral(scheduleReach(a.schedule)),
    ],
  );
  return (await approvalById(db, Number(rows[0].id)))!;
}

export async function approvalById(db: Queryable, id: number): Promise<Approval | null> {
  const { rows } = await db.query<ApprovalRow>(`${APPROVAL} where a.id = $1`, [id]);
  return rows[0] ? toApproval(rows[0]) : null;
}

/** Every decision on a plan, newest first. */
export async function approvalHistory(db: Queryable, planId: string): Promise<Approval[]> {
  const { rows } = await db.query<ApprovalRow>(`${APPROVAL} where a.plan_id = $1 order by a.id desc`, [planId]);
  return rows.map(toApproval);
}

/** The plan's status and its latest decision; status null when the plan does not exist. */
export async function latestApproval(
  db: Queryable,
  planId: string,
): Promise<{ status: PlanStatus | null; latest: Approval | null }> {
  const { rows } = await db.query<ApprovalRow & { plan_status: PlanStatus }>(
    `select p.status as plan_status, x.* from plans p left join lateral (${APPROVAL} where a.plan_id = p.id order by a.id desc limit 1) x on true
      where p.id = $1`,
    [planId],
  );
  if (!rows[0]) return { status: null, latest: null };
  return { status: rows[0].plan_status, latest: rows[0].id === null ? null : toApproval(rows[0]) };
}

/** Persists fresh/stale of the plan's latest approval; true only for the one write that changed it. */
/** Who decided the approval (null when no one did or there is no such approval). */
export async function approvalDecidedBy(db: Queryable, approvalId: number): Promise<string | null> {
  const { rows } = await db.query<{ decided_by: string | null }>('select decided_by from approvals where id = $1', [approvalId]);
  return rows[0]?.decided_by ?? null;
}

export async function setApprovalStale(db: Queryable, approvalId: number, stale: boolean): Promise<boolean> {
  const res = await db.query(
    `update approvals set stale = $2, stale_since = case when $2 then now() else null end
      where id = $1 and stale <> $2 and id = (select max(b.id) from approvals b where b.plan_id = approvals.plan_id)`,
    [approvalId, stale],
  );
  return res.rowCount > 0;
}

// ── Versions ─────────────────────────────────────────────────────────────────

interface VersionRow {
  number: number;
  name: string;
  reason: VersionReason;
  created_by: string | null;
  creator_name: string | null;
  created_at: Date | string;
  schedule_hash: string;
  state?: Uint8Array;
}

const VERSION = `select v.number, v.name, v.reason, v.created_by, u.name as creator_name, v.created_at, v.schedule_hash
  from plan_versions v left join users u on u.id = v.created_by`;

function toVersion(r: VersionRow): VersionSummary {
  return {
    number: r.number,
    name: r.name,
    reason: r.reason,
    createdBy: r.created_by ? { id: r.created_by, name: r.creator_name ?? '' } : null,
    createdAt: iso(r.created_at),
    scheduleHash: r.schedule_hash,
  };
}

export interface NewVersion {
  planId: string;
  /** A message key for versions the server takes (`version.*`), or the name a person gave. */
  name: string;
  reason: VersionReason;
  actorId: string | null;
  state: Uint8Array;
  scheduleHash: string;
}

/**
 * Stores the plan's next version (1, 2, …). Must run inside a transaction: the advisory lock keeps
 * two concurrent versions of one plan from taking the same number.
 */
export async function insertVersion(tx: Queryable, v: NewVersion): Promise<VersionSummary> {
  await lockXact(tx, `version:${v.planId}`);
  const { rows } = await tx.query<{ number: number }>(
    `insert into plan_versions (plan_id, number, name, reason, created_by, state, schedule_hash)
     select $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5, $6 from plan_versions where plan_id = $1
     returning number`,
    [v.planId, v.name, v.reason, v.actorId, v.state, v.scheduleHash],
  );
  return (await versionSummary(tx, v.planId, rows[0].number))!;
}

export async function versionSummary(db: Queryable, planId: string, number: number): Promise<VersionSummary | null> {
  const { rows } = await db.query<VersionRow>(`${VERSION} where v.plan_id = $1 and v.number = $2`, [planId, number]);
  return rows[0] ? toVersion(rows[0]) : null;
}

export async function listVersions(db: Queryable, planId: string): Promise<VersionSummary[]> {
  const { rows } = await db.query<VersionRow>(`${VERSION} where v.plan_id = $1 order by v.number`, [planId]);
  return rows.map(toVersion);
}

/** A version with its stored document state. */
export async function versionWithState(
  db: Queryable,
  planId: string,
  number: number,
): Promise<(VersionSummary & { state: Uint8Array }) | null> {
  const { rows } = await db.query<VersionRow>(
    `select x.*, pv.state from (${VERSION} where v.plan_id = $1 and v.number = $2) x
       join plan_versions pv on pv.plan_id = $1 and pv.number = x.number`,
    [planId, number],
  );
  return rows[0] ? { ...toVersion(rows[0]), state: rows[0].state! } : null;
}

// ── People ───────────────────────────────────────────────────────────────────

/** Who a plan's review concerns: its designers, its storefront's owner, staff (global and members). */
export interface ReviewPeople {
  title: string;
  ownerId: string | null;
  designers: string[];
  staff: string[];
  actorName: string;
}

export async function reviewPeople(db: Queryable, planId: string, actorId: string | null): Promise<ReviewPeople> {
  const { rows } = await db.query<{
    title: string;
    owner_id: string | null;
    user_id: string | null;
    role: string | null;
    actor_name: string | null;
  }>(
    `select p.title, s.owner_id, m.user_id, m.role, (select name from users where id = $2) as actor_name
       from plans p join storefronts s on s.id = p.storefront_id left join plan_members m on m.plan_id = p.id
      where p.id = $1`,
    [planId, actorId],
  );
  const globalStaff = await db.query<{ id: string }>('select id from users where staff');
  return {
    title: rows[0]?.title ?? '',
    ownerId: rows[0]?.owner_id ?? null,
    designers: rows.filter((r) => r.role === 'designer').map((r) => r.user_id!),
    staff: [...new Set([...globalStaff.rows.map((r) => r.id), ...rows.filter((r) => r.role === 'staff').map((r) => r.user_id!)])],
    actorName: rows[0]?.actor_name ?? '',
  };
}
