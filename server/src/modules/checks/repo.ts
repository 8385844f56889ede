/** All SQL of the conflict checks: plan snapshots, their findings, storefronts and names as the checks read them. */
import { ACTIVE_STATUSES, type Finding, type StorefrontInput } from '@planner/shared/checks/index';
import type { PlanDocJSON } from '@planner/shared/plan/index';
import type { Queryable } from '../../platform/db/database.ts';

export interface SnapshotRow {
  plan_id: string;
  storefront_id: string;
  status: string;
  title: string;
  doc: PlanDocJSON | null;
  findings: Finding[] | null;
}

export interface StorefrontRow {
  id: string;
  outline: StorefrontInput['outline'];
  doors: StorefrontInput['doors'];
  availability: StorefrontInput['availability'];
  max_occupancy: number | null;
}

const SNAPSHOTS = `select p.id as plan_id, p.storefront_id, p.status, p.title, ps.doc, ps.findings
  from plans p left join plan_snapshots ps on ps.plan_id = p.id`;

const STOREFRONTS = 'select id, outline, doors, availability, max_occupancy from storefronts';

export async function storefronts(db: Queryable, ids: string[]): Promise<StorefrontRow[]> {
  const { rows } = await db.query<StorefrontRow>(`${STOREFRONTS} where id = any($1)`, [ids]);
  return rows;
}

/** Snapshots of every live plan (draft to published). */
export async function livePlans(db: Queryable): Promise<SnapshotRow[]> {
  const { rows } = await db.query<SnapshotRow>(`${SNAPSHOTS} where p.status = any($1) and p.deleted_at is null`, [
    ACTIVE_STATUSES,
  ]);
  return rows;
}

export interface LiveFindingsRow {
  plan_id: string;
  status: string;
  /** Null for a plan without a snapshot row. */
  findings: Finding[] | null;
  tasks: PlanDocJSON['tasks'] | null;
}

/**
 * The stored findings of every live plan with its status and tasks (the city view, issue 19): not the
 * documents' layout and schedule, which the stored findings already judged.
 */
export async function liveFindings(db: Queryable): Promise<LiveFindingsRow[]> {
  const { rows } = await db.query<LiveFindingsRow>(
    `select p.id as plan_id, p.status, ps.findings, ps.doc -> 'tasks' as tasks
       from plans p left join plan_snapshots ps on ps.plan_id = p.id
      where p.status = any($1) and p.deleted_at is null`,
    [ACTIVE_STATUSES],
  );
  return rows;
}

/**
 * Snapshots of the live plans other than `planId` that can share a finding with it (issue 19): those at
 * its storefront (double bookings) and those with a task of one of `people` (a person in two places).
 * The cross-plan checks compare a plan with no others, so this is what they need; loading every live
 * plan made each edit cost more the bigger the city. jsonpath in lax mode: a snapshot of another shape
 * matches nothing instead of failing the query. Their layout comes back empty (see below).
 */
export async function meetingPlans(
  db: Queryable,
  planId: string,
  storefrontId: string,
  people: string[],
): Promise<SnapshotRow[]> {
  // Only schedule and tasks: the cross-plan checks read nothing else of another plan (its layout is
  // a large part of its snapshot, decoded by the server for nothing).
  const { rows } = await db.query<SnapshotRow>(
    `select p.id as plan_id, p.storefront_id, p.status, p.title, null::jsonb as findings,
            case when ps.doc is null then null
                 else jsonb_build_object('layout', '{}'::jsonb, 'schedule', ps.doc -> 'schedule', 'tasks', ps.doc -> 'tasks') end as doc
       from plans p left join plan_snapshots ps on ps.plan_id = p.id
      where p.status = any($1) and p.deleted_at is null and p.id <> $2 and (
       p.storefront_id = $3
       or exists (select 1 from unnest($4::text[]) u(person)
                   where jsonb_path_exists(ps.doc, '$.tasks.*.assignee ? (@ == $p)', jsonb_build_object('p', u.person))))`,
    [ACTIVE_STATUSES, planId, storefrontId, people],
  );
  return rows;
}

/** A plan's row as {@link snapshotOf} returns it, without its snapshot (doc and findings null). */
export async function planOf(db: Queryable, planId: string): Promise<SnapshotRow | null> {
  const { rows } = await db.query<SnapshotRow>(
    'select id as plan_id, storefront_id, status, title, null::jsonb as doc, null::jsonb as findings from plans where id = $1',
    [planId],
  );
  return rows[0] ?? null;
}

export async function snapshotOf(db: Queryable, planId: string): Promise<SnapshotRow | null> {
  const { rows } = await db.query<SnapshotRow>(`${SNAPSHOTS} where p.id = $1`, [planId]);
  return rows[0] ?? null;
}

/**
 * Stores a plan's document JSON and its schedule span, in one statement; returns the plan's row as
 * {@link planOf} does (null when there is no such plan), so that an edit's checks need no further read.
 */
export async function saveSnapshot(
  db: Queryable,
  planId: string,
  doc: PlanDocJSON,
  span: { start: string | null; end: string | null },
): Promise<SnapshotRow | null> {
  const { rows } = await db.query<SnapshotRow>(
    `with snapshot as (
       insert into plan_snapshots (plan_id, doc) values ($1, $2::jsonb)
       on conflict (plan_id) do update set doc = excluded.doc, updated_at = now()
     )
     update plans set schedule_start = $3, schedule_end = $4 where id = $1
     returning id as plan_id, storefront_id, status, title, null::jsonb as doc, null::jsonb as findings`,
    [planId, JSON.stringify(doc), span.start, span.end],
  );
  return rows[0] ?? null;
}

/** The stored findings (null when never computed); with `lock`, the row stays locked until the transaction ends. */
export async function storedFindings(db: Queryable, planId: string, lock = false): Promise<Finding[] | null> {
  const { rows } = await db.query<{ findings: Finding[] }>(
    `select findings from plan_snapshots where plan_id = $1${lock ? ' for update' : ''}`,
    [planId],
  );
  return rows[0] ? rows[0].findings : null;
}

export async function saveFindings(db: Queryable, planId: string, findings: Finding[]): Promise<void> {
  await db.query(
    `insert into plan_snapshots (plan_id, doc, findings) values ($1, '{"meta":{},"concept":"","layout":{},"schedule":{},"tasks":{}}'::jsonb, $2::jsonb)
     on conflict (plan_id) do update set findings = excluded.findings`,
    [planId, JSON.stringify(findings)],
  );
}

/** Live plans whose findings may change with this plan: same storefront, or already linked by a finding. */
export async function relatedPlans(db: Queryable, planId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    // A join, not `exists (…)`: as a subquery under `or`, PostgreSQL hashed it and turned every plan's
    // findings into text, done and withdrawn ones included (issue 19: 58 ms with 2,000 plans).
    `select p.id from plans p left join plan_snapshots ps on ps.plan_id = p.id
      where p.id <> $1 and p.status = any($2) and p.deleted_at is null and (
        p.storefront_id = (select storefront_id from plans where id = $1)
        or ps.findings::text like '%' || $1 || '%')`,
    [planId, ACTIVE_STATUSES],
  );
  return rows.map((r) => r.id);
}

/** Names of people by user id. */
export async function userNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from users where id = any($1)', [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The live plans as the city view lists them. */
export async function livePlanList(
  db: Queryable,
): Promise<{ id: string; title: string; status: string; storefrontId: string }[]> {
  const { rows } = await db.query<{ id: string; title: string; status: string; storefront_id: string }>(
    'select id, title, status, storefront_id from plans where status = any($1) and deleted_at is null',
    [ACTIVE_STATUSES],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, storefrontId: r.storefront_id }));
}

/** The ids of the live plans at a storefront. */
export async function livePlansAt(db: Queryable, storefrontId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'select id from plans where storefront_id = $1 and status = any($2) and deleted_at is null',
    [storefrontId, ACTIVE_STATUSES],
  );
  return rows.map((r) => r.id);
}

/**
 * The due dates of the live plans' open tasks, as stored in their snapshots (the city view's cache,
 * issue 19: a cached answer holds until the next of these passes and a task becomes overdue).
 */
export async function liveOpenTaskDues(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ due: string }>(
    `select distinct t.task ->> 'due' as due
       from plans p join plan_snapshots ps on ps.plan_id = p.id
       cross join lateral (
         select value from jsonb_each(case when jsonb_typeof(ps.doc -> 'tasks') = 'object' then ps.doc -> 'tasks' else '{}'::jsonb end)
         union all
         select value from jsonb_array_elements(case when jsonb_typeof(ps.doc -> 'tasks') = 'array' then ps.doc -> 'tasks' else '[]'::jsonb end)
       ) t(task)
      where p.status = any($1) and p.deleted_at is null
        and jsonb_typeof(t.task) = 'object' and t.task ->> 'status' is distinct from 'done' and t.task ->> 'due' is not null`,
    [ACTIVE_STATUSES],
  );
  return rows.map((r) => r.due);
}
