/** All SQL of plan teams: the lead designer and access requests. */
import type { AccessRequest, AccessRequestStatus, TeamMember } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { LEAD_SQL } from '../plans/repo.ts';
import { iso } from '../review/docs.ts';

/** The plan's lead designer (see `LEAD_SQL`); null when the plan has no designer (or does not exist). */
export async function leadOf(db: Queryable, planId: string): Promise<string | null> {
  const { rows } = await db.query<{ lead_id: string | null }>(`select ${LEAD_SQL} as lead_id from plans p where p.id = $1`, [
    planId,
  ]);
  return rows[0]?.lead_id ?? null;
}

export async function setLead(db: Queryable, planId: string, userId: string | null): Promise<void> {
  await db.query('update plans set lead_id = $2 where id = $1', [planId, userId]);
}

/** Members with the lead flag, lead first, then in the order they joined. */
export async function teamMembers(db: Queryable, planId: string, leadId: string | null): Promise<TeamMember[]> {
  const { rows } = await db.query<{ user_id: string; name: string; email: string; role: TeamMember['role'] }>(
    `select m.user_id, u.name, u.email, m.role from plan_members m join users u on u.id = m.user_id
      where m.plan_id = $1 order by m.created_at, u.name`,
    [planId],
  );
  const members = rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role,
    lead: r.user_id === leadId,
  }));
  return [...members.filter((m) => m.lead), ...members.filter((m) => !m.lead)];
}

/** Other designer members than `userId`. */
export async function otherDesigners(db: Queryable, planId: string, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from plan_members where plan_id = $1 and role = 'designer' and user_id <> $2`,
    [planId, userId],
  );
  return rows[0]?.n ?? 0;
}

interface RequestRow {
  id: string;
  user_id: string;
  name: string;
  email: string;
  status: AccessRequestStatus;
  created_at: Date | string;
}
const toRequest = (r: RequestRow): AccessRequest => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  email: r.email,
  status: r.status,
  createdAt: iso(r.created_at),
});
const REQUEST_SELECT = `select r.id, r.user_id, u.name, u.email, r.status, r.created_at
  from access_requests r join users u on u.id = r.user_id`;

export async function openRequests(db: Queryable, planId: string): Promise<AccessRequest[]> {
  const { rows } = await db.query<RequestRow>(
    `${REQUEST_SELECT} where r.plan_id = $1 and r.status = 'open' order by r.created_at`,
    [planId],
  );
  return rows.map(toRequest);
}

/** The person's latest request to the plan, if any. */
export async function latestRequest(db: Queryable, planId: string, userId: string): Promise<AccessRequest | null> {
  const { rows } = await db.query<RequestRow>(
    `${REQUEST_SELECT} where r.plan_id = $1 and r.user_id = $2 order by (r.status = 'open') desc, r.created_at desc limit 1`,
    [planId, userId],
  );
  return rows[0] ? toRequest(rows[0]) : null;
}

/** Opens a request; false when one is already open (the unique index decides, also under concurrency). */
export async function insertRequest(db: Queryable, id: string, planId: string, userId: string): Promise<boolean> {
  const res = await db.query(
    `insert into access_requests (id, plan_id, user_id) values ($1, $2, $3)
     on conflict (plan_id, user_id) where status = 'open' do nothing`,
    [id, planId, userId],
  );
  return res.rowCount > 0;
}

export async function requestById(db: Queryable, planId: string, id: string): Promise<AccessRequest | null> {
  const { rows } = await db.query<RequestRow>(`${REQUEST_SELECT} where r.plan_id = $1 and r.id = $2`, [planId, id]);
  return rows[0] ? toRequest(rows[0]) : null;
}

/** Decides an open request; false when it was no longer open. */
export async function decideRequest(
  db: Queryable,
  id: string,
  status: 'accepted' | 'declined',
  decidedBy: string,
): Promise<boolean> {
  const res = await db.query(
    `update access_requests set status = $2, decided_at = now(), decided_by = $3 where id = $1 and status = 'open'`,
    [id, status, decidedBy],
  );
  return res.rowCount > 0;
}

/** The name of the plan's storefront owner (a reviewer of the plan), if it has one. */
export async function ownerName(db: Queryable, planId: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(
    `select u.name from plans p join storefronts s on s.id = p.storefront_id join users u on u.id = s.owner_id where p.id = $1`,
    [planId],
  );
  return rows[0]?.name ?? null;
}

/** The plan's title and the actor's name, for a notification's parameters (undefined if either is missing). */
export async function planTitleAndActorName(
  db: Queryable,
  planId: string,
  actorId: string,
): Promise<{ title: string; name: string } | undefined> {
  const { rows } = await db.query<{ title: string; name: string }>(
    'select p.title, u.name from plans p, users u where p.id = $1 and u.id = $2',
    [planId, actorId],
  );
  return rows[0];
}

/** The ids of every staff account. */
export async function staffIds(db: Queryable): Promise<string[]> {
  return (await db.query<{ id: string }>(`select id from users where staff`)).rows.map((r) => r.id);
}
