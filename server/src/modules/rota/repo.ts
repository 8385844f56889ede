/** All SQL of the duty rota (issue 18): shifts, the people on them, external contacts and swap offers. */
import { ACTIVE_STATUSES } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

export interface ShiftRow {
  id: string;
  plan_id: string;
  entry_id: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  min_people: number;
  label: string;
  revision: number;
}

export interface PersonRow {
  shift_id: string;
  assignment_id: string;
  user_id: string | null;
  contact_id: string | null;
  name: string;
  swap_id: string | null;
}

export interface ContactRow {
  id: string;
  name: string;
  phone: string;
  email: string;
}

const SHIFT = 'select id, plan_id, entry_id, starts_at, ends_at, min_people, label, revision from rota_shifts';

export async function shiftsOf(db: Queryable, planId: string): Promise<ShiftRow[]> {
  const { rows } = await db.query<ShiftRow>(`${SHIFT} where plan_id = $1 order by starts_at, ends_at, id`, [planId]);
  return rows;
}

/** One shift of a plan; with `lock`, locked until the transaction ends. */
export async function shiftOf(db: Queryable, planId: string, shiftId: string, lock = false): Promise<ShiftRow | null> {
  const { rows } = await db.query<ShiftRow>(`${SHIFT} where plan_id = $1 and id = $2${lock ? ' for update' : ''}`, [
    planId,
    shiftId,
  ]);
  return rows[0] ?? null;
}

/** The people on these shifts, members by their account name, contacts by theirs. */
export async function peopleOf(db: Queryable, shiftIds: string[]): Promise<PersonRow[]> {
  if (!shiftIds.length) return [];
  const { rows } = await db.query<PersonRow>(
    `select a.shift_id, a.id as assignment_id, a.user_id, a.contact_id, coalesce(u.name, c.name, '') as name, w.id as swap_id
       from rota_assignments a
       left join users u on u.id = a.user_id
       left join rota_contacts c on c.id = a.contact_id
       left join rota_swaps w on w.assignment_id = a.id
      where a.shift_id = any($1::text[])
      order by a.created_at, a.id`,
    [shiftIds],
  );
  return rows;
}

export async function insertShift(
  db: Queryable,
  s: {
    id: string;
    planId: string;
    entryId: string | null;
    start: string;
    end: string;
    minPeople: number;
    label: string;
    actorId: string | null;
  },
): Promise<void> {
  await db.query(
    `insert into rota_shifts (id, plan_id, entry_id, starts_at, ends_at, min_people, label, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.id, s.planId, s.entryId, s.start, s.end, s.minPeople, s.label, s.actorId],
  );
}

export async function updateShift(
  db: Queryable,
  shiftId: string,
  s: { start: string; end: string; minPeople: number; label: string },
): Promise<void> {
  await db.query(
    `update rota_shifts set starts_at = $2, ends_at = $3, min_people = $4, label = $5, revision = revision + 1, updated_at = now()
      where id = $1`,
    [shiftId, s.start, s.end, s.minPeople, s.label],
  );
}

export async function deleteShift(db: Queryable, shiftId: string): Promise<void> {
  await db.query('delete from rota_shifts where id = $1', [shiftId]);
}

/** Counts a change of who is on a shift (the calendar's SEQUENCE of the people on it). */
export async function touchShift(db: Queryable, shiftId: string): Promise<void> {
  await db.query('update rota_shifts set revision = revision + 1, updated_at = now() where id = $1', [shiftId]);
}

// ── people ──

export async function contactsOf(db: Queryable, planId: string): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    'select id, name, phone, email from rota_contacts where plan_id = $1 order by name, id',
    [planId],
  );
  return rows;
}

export async function contactOf(db: Queryable, planId: string, contactId: string): Promise<ContactRow | null> {
  const { rows } = await db.query<ContactRow>('select id, name, phone, email from rota_contacts where plan_id = $1 and id = $2', [
    planId,
    contactId,
  ]);
  return rows[0] ?? null;
}

export async function insertContact(
  db: Queryable,
  c: { id: string; planId: string; name: string; phone: string; email: string; actorId: string | null },
): Promise<void> {
  await db.query('insert into rota_contacts (id, plan_id, name, phone, email, created_by) values ($1, $2, $3, $4, $5, $6)', [
    c.id,
    c.planId,
    c.name,
    c.phone,
    c.email,
    c.actorId,
  ]);
}

/** Deletes a contact (their assignments go with it); returns the shifts they were on. */
export async function deleteContact(db: Queryable, contactId: string): Promise<string[]> {
  const { rows } = await db.query<{ shift_id: string }>('select shift_id from rota_assignments where contact_id = $1', [
    contactId,
  ]);
  await db.query('delete from rota_contacts where id = $1', [contactId]);
  return rows.map((r) => r.shift_id);
}

/** Whether the account may be put on this plan's shifts: a member of the plan, or a staff account. */
export async function mayTakeShifts(db: Queryable, planId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from users u where u.id = $2 and (u.staff or 'staff' = any(u.roles)
       or exists (select 1 from plan_members m where m.plan_id = $1 and m.user_id = u.id))`,
    [planId, userId],
  );
  return rows.length > 0;
}

export interface AssignmentRow {
  id: string;
  shift_id: string;
  user_id: string | null;
  contact_id: string | null;
}

/** An assignment of one of the plan's shifts; with `lock`, locked until the transaction ends. */
export async function assignmentOf(
  db: Queryable,
  planId: string,
  assignmentId: string,
  lock = false,
): Promise<AssignmentRow | null> {
  const { rows } = await db.query<AssignmentRow>(
    `select a.id, a.shift_id, a.user_id, a.contact_id from rota_assignments a join rota_shifts s on s.id = a.shift_id
      where s.plan_id = $1 and a.id = $2${lock ? ' for update of a' : ''}`,
    [planId, assignmentId],
  );
  return rows[0] ?? null;
}

export async function userAssignment(db: Queryable, shiftId: string, userId: string): Promise<AssignmentRow | null> {
  const { rows } = await db.query<AssignmentRow>(
    'select id, shift_id, user_id, contact_id from rota_assignments where shift_id = $1 and user_id = $2',
    [shiftId, userId],
  );
  return rows[0] ?? null;
}

/** Puts a person on a shift; false when they are on it already. */
export async function insertAssignment(
  db: Queryable,
  a: { id: string; shiftId: string; userId?: string; contactId?: string; actorId: string | null },
): Promise<boolean> {
  const { rows } = await db.query(
    `insert into rota_assignments (id, shift_id, user_id, contact_id, assigned_by) values ($1, $2, $3, $4, $5)
     on conflict do nothing returning id`,
    [a.id, a.shiftId, a.userId ?? null, a.contactId ?? null, a.actorId],
  );
  return rows.length > 0;
}

export async function deleteAssignment(db: Queryable, assignmentId: string): Promise<void> {
  await db.query('delete from rota_assignments where id = $1', [assignmentId]);
}

/** Moves an assignment to another account (a taken swap). */
export async function moveAssignment(db: Queryable, assignmentId: string, userId: string, actorId: string): Promise<void> {
  await db.query('update rota_assignments set user_id = $2, assigned_by = $3, created_at = now() where id = $1', [
    assignmentId,
    userId,
    actorId,
  ]);
}

// ── swaps ──

export interface SwapRow {
  id: string;
  assignment_id: string;
  offered_by: string;
  shift_id: string;
}

export async function swapOf(db: Queryable, planId: string, swapId: string, lock = false): Promise<SwapRow | null> {
  const { rows } = await db.query<SwapRow>(
    `select w.id, w.assignment_id, w.offered_by, a.shift_id from rota_swaps w
       join rota_assignments a on a.id = w.assignment_id join rota_shifts s on s.id = a.shift_id
      where s.plan_id = $1 and w.id = $2${lock ? ' for update of w' : ''}`,
    [planId, swapId],
  );
  return rows[0] ?? null;
}

/** Offers an assignment; false when it is offered already. */
export async function insertSwap(db: Queryable, s: { id: string; assignmentId: string; userId: string }): Promise<boolean> {
  const { rows } = await db.query(
    'insert into rota_swaps (id, assignment_id, offered_by) values ($1, $2, $3) on conflict do nothing returning id',
    [s.id, s.assignmentId, s.userId],
  );
  return rows.length > 0;
}

export async function deleteSwap(db: Queryable, swapId: string): Promise<void> {
  await db.query('delete from rota_swaps where id = $1', [swapId]);
}

// ── what the findings, feeds and the "Heute" view read ──

/** The plan's schedule entries as its last snapshot holds them (untrusted JSON), and its title. */
export async function planScheduleOf(
  db: Queryable,
  planId: string,
): Promise<{ title: string; schedule: Record<string, unknown> } | null> {
  const { rows } = await db.query<{ title: string; schedule: Record<string, unknown> | null }>(
    `select p.title, ps.doc -> 'schedule' as schedule from plans p left join plan_snapshots ps on ps.plan_id = p.id
      where p.id = $1`,
    [planId],
  );
  const r = rows[0];
  return r ? { title: r.title, schedule: r.schedule && typeof r.schedule === 'object' ? r.schedule : {} } : null;
}

export interface OverlapRow {
  user_id: string;
  shift_id: string;
  label: string;
  other_shift_id: string;
  other_plan_id: string;
  other_plan_title: string;
  starts_at: Date | string;
  ends_at: Date | string;
}

/** Each account on a shift of this plan that is on an overlapping shift of another live plan too. */
export async function crossPlanOverlaps(db: Queryable, planId: string): Promise<OverlapRow[]> {
  const { rows } = await db.query<OverlapRow>(
    `select a.user_id, s.id as shift_id, s.label, o.id as other_shift_id, o.plan_id as other_plan_id, p.title as other_plan_title,
            greatest(s.starts_at, o.starts_at) as starts_at, least(s.ends_at, o.ends_at) as ends_at
       from rota_assignments a
       join rota_shifts s on s.id = a.shift_id
       join rota_assignments b on b.user_id = a.user_id and b.id <> a.id
       join rota_shifts o on o.id = b.shift_id and o.plan_id <> s.plan_id
       join plans p on p.id = o.plan_id and p.deleted_at is null and p.status = any($2)
      where s.plan_id = $1 and a.user_id is not null and o.starts_at < s.ends_at and o.ends_at > s.starts_at
      order by s.starts_at, s.id, o.id`,
    [planId, ACTIVE_STATUSES],
  );
  return rows;
}

/** Other live plans with a shift held by someone who holds a shift in this plan (their findings may change with it). */
export async function plansSharingPeople(db: Queryable, planId: string, userIds: string[] = []): Promise<string[]> {
  const { rows } = await db.query<{ plan_id: string }>(
    `select distinct o.plan_id from rota_assignments b
       join rota_shifts o on o.id = b.shift_id
       join plans p on p.id = o.plan_id and p.deleted_at is null
      where o.plan_id <> $1 and (b.user_id = any($2::text[]) or b.user_id in (
        select a.user_id from rota_assignments a join rota_shifts s on s.id = a.shift_id where s.plan_id = $1 and a.user_id is not null))`,
    [planId, userIds],
  );
  return rows.map((r) => r.plan_id);
}

export interface PersonShiftRow extends ShiftRow {
  plan_title: string;
  storefront_title: string;
  address: string;
}

/** The shifts an account is on, in plans not deleted, overlapping [from, to) (all when not given). */
export async function shiftsOfPerson(db: Queryable, userId: string, from?: string, to?: string): Promise<PersonShiftRow[]> {
  const { rows } = await db.query<PersonShiftRow>(
    `select s.id, s.plan_id, s.entry_id, s.starts_at, s.ends_at, s.min_people, s.label, s.revision,
            p.title as plan_title, sf.title as storefront_title, sf.address
       from rota_assignments a
       join rota_shifts s on s.id = a.shift_id
       join plans p on p.id = s.plan_id and p.deleted_at is null and p.status <> 'withdrawn'
       join storefronts sf on sf.id = p.storefront_id
      where a.user_id = $1 and ($2::timestamptz is null or s.ends_at > $2) and ($3::timestamptz is null or s.starts_at < $3)
      order by s.starts_at, s.id`,
    [userId, from ?? null, to ?? null],
  );
  return rows;
}

export interface MemberPlanRow {
  plan_id: string;
  title: string;
  storefront_title: string;
  address: string;
  schedule: Record<string, unknown> | null;
}

/** The plans an account is a member of (not deleted, not withdrawn), with their snapshot's schedule. */
export async function plansOfMember(db: Queryable, userId: string): Promise<MemberPlanRow[]> {
  const { rows } = await db.query<MemberPlanRow>(
    `select p.id as plan_id, p.title, sf.title as storefront_title, sf.address, ps.doc -> 'schedule' as schedule
       from plan_members m
       join plans p on p.id = m.plan_id and p.deleted_at is null and p.status <> 'withdrawn'
       join storefronts sf on sf.id = p.storefront_id
       left join plan_snapshots ps on ps.plan_id = p.id
      where m.user_id = $1
      order by p.title, p.id`,
    [userId],
  );
  return rows;
}
