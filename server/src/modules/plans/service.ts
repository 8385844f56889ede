import { randomUUID } from 'node:crypto';
import {
  PLAN_TRANSITIONS,
  type Paged,
  type PlanStatus,
  type PlanSummary,
  type PlanTransition,
} from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';

interface Row {
  id: string;
  title: string;
  status: PlanStatus;
  storefront_id: string;
  storefront_title: string;
  quarter_id: string;
  quarter_name: string;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  my_role: PlanSummary['myRole'];
  total?: number;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toSummary(r: Row): PlanSummary {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    storefrontId: r.storefront_id,
    storefrontTitle: r.storefront_title,
    quarterId: r.quarter_id,
    quarterName: r.quarter_name,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    myRole: r.my_role ?? null,
  };
}

/** $1 is always the caller's user id (for `my_role`). */
const SELECT = `select p.id, p.title, p.status, p.storefront_id, s.title as storefront_title,
    s.quarter_id, q.name as quarter_name, p.created_by, p.created_at, p.updated_at, m.role as my_role
  from plans p
  join storefronts s on s.id = p.storefront_id
  left join quarters q on q.id = s.quarter_id
  left join plan_members m on m.plan_id = p.id and m.user_id = $1`;

/** Creates a plan; its creator becomes a member (designer, or staff for staff). */
export async function createPlan(
  db: Database,
  actor: { userId: string; staff: boolean },
  input: { storefrontId: string; title: string },
): Promise<PlanSummary> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const s = await tx.query('select 1 from storefronts where id = $1', [input.storefrontId]);
    if (!s.rows.length) {
      throw new AppError('VALIDATION', 'Invalid request: storefrontId unknown storefront', [{ path: 'storefrontId', key: 'field.invalidValue', message: 'unknown storefront' }]);
    }
    await tx.query('insert into plans (id, storefront_id, title, created_by) values ($1, $2, $3, $4)', [
      id,
      input.storefrontId,
      input.title,
      actor.userId,
    ]);
    await tx.query('insert into plan_members (plan_id, user_id, role, added_by) values ($1, $2, $3, $2)', [
      id,
      actor.userId,
      actor.staff ? 'staff' : 'designer',
    ]);
    await audit(tx, { actorId: actor.userId, action: 'plan.created' as never, subjectType: 'plan', subjectId: id, planId: id, details: { title: input.title } });
  });
  return (await getPlan(db, actor.userId, id))!;
}

export async function getPlan(db: Queryable, userId: string | null, id: string): Promise<PlanSummary | null> {
  const { rows } = await db.query<Row>(`${SELECT} where p.id = $2`, [userId, id]);
  return rows[0] ? toSummary(rows[0]) : null;
}

export interface PlanFilter {
  mine?: boolean;
  storefront?: string;
  status?: PlanStatus;
  quarter?: string;
  limit: number;
  offset: number;
}

/**
 * Plans the actor may see: staff see all; others the plans they are members of and the plans at
 * storefronts they own.
 */
export async function listPlans(db: Queryable, actor: { userId: string; staff: boolean }, f: PlanFilter): Promise<Paged<PlanSummary>> {
  const params: unknown[] = [actor.userId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (!actor.staff || f.mine) where.push(`(m.role is not null or s.owner_id = $1)`);
  if (f.storefront) where.push(`p.storefront_id = ${p(f.storefront)}`);
  if (f.status) where.push(`p.status = ${p(f.status)}`);
  if (f.quarter) where.push(`s.quarter_id = ${p(f.quarter)}`);
  const { rows } = await db.query<Row>(
    `select *, count(*) over ()::int as total from (${SELECT} ${where.length ? 'where ' + where.join(' and ') : ''}) x
     order by updated_at desc limit ${p(f.limit)} offset ${p(f.offset)}`,
    params,
  );
  return { items: rows.map(toSummary), total: rows[0]?.total ?? 0, limit: f.limit, offset: f.offset };
}

/** Why a transition is not possible from a state, in both languages. */
function notFrom(name: PlanTransition, status: PlanStatus) {
  return new AppError(
    'INVALID_TRANSITION',
    `„${name}“ ist im Status „${status}“ nicht möglich / "${name}" is not possible in status "${status}"`,
  );
}

/**
 * Moves a plan along its lifecycle. Permission is checked by the route (the transition's action in the
 * matrix); here only the state machine: the row is locked so two concurrent transitions cannot both win.
 * `guard` may refuse a transition for domain reasons (e.g. publishing a stale approval).
 */
export async function transitionPlan(
  db: Database,
  actorId: string,
  planId: string,
  name: PlanTransition,
  opts: { note?: string; ip?: string | null; guard?: (tx: Queryable, status: PlanStatus) => Promise<void>; after?: (tx: Queryable, from: PlanStatus) => Promise<void> } = {},
): Promise<{ from: PlanStatus; to: PlanStatus }> {
  const t = PLAN_TRANSITIONS[name];
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: PlanStatus }>('select status from plans where id = $1 for update', [planId]);
    if (!rows[0]) throw new AppError('NOT_FOUND', 'Plan nicht gefunden / Plan not found');
    const from = rows[0].status;
    if (!(t.from as readonly PlanStatus[]).includes(from)) throw notFrom(name, from);
    await opts.guard?.(tx, from);
    await tx.query('update plans set status = $2, updated_at = now() where id = $1', [planId, t.to]);
    await opts.after?.(tx, from);
    await audit(tx, {
      actorId,
      action: `plan.${name}` as never,
      subjectType: 'plan',
      subjectId: planId,
      planId,
      details: { from, to: t.to, note: opts.note ?? null },
      ip: opts.ip ?? null,
    });
    return { from, to: t.to };
  });
}
