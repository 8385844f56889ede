/** All SQL of open calls and exposés (issue 16; tables of migration 024). */
import type { Queryable } from '../../platform/db/database.ts';

export interface CallRow {
  id: string;
  slug: string;
  title: string;
  body: string;
  disciplines: string[];
  period_start: string | null;
  period_end: string | null;
  deadline: Date | string;
  status: 'draft' | 'published' | 'closed' | 'decided' | 'cancelled';
  blind: boolean;
  privacy_text: string;
  cancel_reason: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  published_at: Date | string | null;
}

const CALL_COLUMNS = `id, slug, title, body, disciplines, to_char(period_start, 'YYYY-MM-DD') as period_start,
  to_char(period_end, 'YYYY-MM-DD') as period_end, deadline, status, blind, privacy_text, cancel_reason, created_at,
  updated_at, published_at`;

export async function callById(db: Queryable, id: string, lock = false): Promise<CallRow | undefined> {
  return (await db.query<CallRow>(`select ${CALL_COLUMNS} from calls where id = $1${lock ? ' for update' : ''}`, [id])).rows[0];
}

export async function callBySlug(db: Queryable, slug: string): Promise<CallRow | undefined> {
  return (await db.query<CallRow>(`select ${CALL_COLUMNS} from calls where slug = $1`, [slug])).rows[0];
}

/** Every call (staff), or only the public ones (anything but drafts), newest deadline first. */
export async function listCalls(
  db: Queryable,
  opts: { publicOnly: boolean; jurorId?: string },
): Promise<(CallRow & { storefront_count: number })[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.publicOnly) where.push(`calls.status <> 'draft'`);
  if (opts.jurorId) {
    params.push(opts.jurorId);
    where.push(`exists (select 1 from call_jurors j where j.call_id = calls.id and j.user_id = $${params.length})`);
  }
  return (
    await db.query<CallRow & { storefront_count: number }>(
      `select ${CALL_COLUMNS},
         (select count(*)::int from call_storefronts s where s.call_id = calls.id) as storefront_count
       from calls ${where.length ? `where ${where.join(' and ')}` : ''}
       order by deadline desc, id`,
      params,
    )
  ).rows;
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (await db.query(`select 1 from calls where slug = $1`, [slug])).rows.length > 0;
}

export interface CallValues {
  title: string;
  body: string;
  disciplines: string[];
  periodStart: string | null;
  periodEnd: string | null;
  deadline: string;
  blind: boolean;
  privacyText: string;
}

export async function insertCall(
  db: Queryable,
  id: string,
  slug: string,
  v: CallValues,
  createdBy: string | null,
): Promise<void> {
  await db.query(
    `insert into calls (id, slug, title, body, disciplines, period_start, period_end, deadline, blind, privacy_text, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, slug, v.title, v.body, v.disciplines, v.periodStart, v.periodEnd, v.deadline, v.blind, v.privacyText, createdBy],
  );
}

const COLUMN_OF: Record<keyof CallValues, string> = {
  title: 'title',
  body: 'body',
  disciplines: 'disciplines',
  periodStart: 'period_start',
  periodEnd: 'period_end',
  deadline: 'deadline',
  blind: 'blind',
  privacyText: 'privacy_text',
};

export async function updateCall(db: Queryable, id: string, v: Partial<CallValues>): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [k, value] of Object.entries(v) as [keyof CallValues, unknown][]) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${COLUMN_OF[k]} = $${params.length}`);
  }
  await db.query(`update calls set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1`, params);
}

export async function setStatus(
  db: Queryable,
  id: string,
  status: CallRow['status'],
  extra: { publishedAt?: boolean; cancelReason?: string } = {},
): Promise<void> {
  await db.query(
    `update calls set status = $2, updated_at = now(),
       published_at = case when $3 then now() else published_at end,
       cancel_reason = coalesce($4, cancel_reason)
     where id = $1`,
    [id, status, extra.publishedAt === true, extra.cancelReason ?? null],
  );
}

export async function existingStorefronts(db: Queryable, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await db.query<{ id: string }>(`select id from storefronts where id = any($1::text[])`, [ids])).rows.map((r) => r.id);
}

export async function replaceStorefronts(db: Queryable, callId: string, ids: string[]): Promise<void> {
  await db.query(`delete from call_storefronts where call_id = $1`, [callId]);
  for (const [i, id] of ids.entries()) {
    await db.query(`insert into call_storefronts (call_id, storefront_id, position) values ($1, $2, $3)`, [callId, id, i]);
  }
}

export interface CallStorefrontRow {
  id: string;
  title: string;
  address: string;
  quarter_name: string;
  offered: boolean;
}

export async function storefrontsOf(db: Queryable, callId: string): Promise<CallStorefrontRow[]> {
  return (
    await db.query<CallStorefrontRow>(
      `select s.id, s.title, s.address, coalesce(q.name, '') as quarter_name, coalesce(e.offered, false) as offered
       from call_storefronts cs join storefronts s on s.id = cs.storefront_id
       left join quarters q on q.id = s.quarter_id left join storefront_exposes e on e.storefront_id = s.id
       where cs.call_id = $1 order by cs.position, s.title`,
      [callId],
    )
  ).rows;
}

export async function replaceCriteria(
  db: Queryable,
  callId: string,
  criteria: { id: string; label: string; description: string; weight: number }[],
): Promise<void> {
  // Criteria that jury scores refer to are kept by id (calls-c's jury_scores cascade on delete).
  const keep = criteria.map((c) => c.id);
  await db.query(`delete from call_criteria where call_id = $1 and not (id = any($2::text[]))`, [callId, keep]);
  for (const [i, c] of criteria.entries()) {
    await db.query(
      `insert into call_criteria (id, call_id, label, description, weight, position) values ($1, $2, $3, $4, $5, $6)
       on conflict (id) do update set label = excluded.label, description = excluded.description, weight = excluded.weight,
         position = excluded.position`,
      [c.id, callId, c.label, c.description, c.weight, i],
    );
  }
}

export async function criteriaOf(db: Queryable, callId: string) {
  return (
    await db.query<{ id: string; label: string; description: string; weight: number }>(
      `select id, label, description, weight::float8 as weight from call_criteria where call_id = $1 order by position, id`,
      [callId],
    )
  ).rows;
}

export async function criterionIdsByLabel(db: Queryable, callId: string): Promise<Map<string, string>> {
  const rows = await criteriaOf(db, callId);
  return new Map(rows.map((r) => [r.label, r.id]));
}

export interface ViewingRow {
  id: string;
  call_id: string;
  storefront_id: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  capacity: number;
  note: string;
  booked: number;
  mine: boolean;
}

export async function viewingsOf(db: Queryable, callId: string, userId: string | null): Promise<ViewingRow[]> {
  return (
    await db.query<ViewingRow>(
      `select v.id, v.call_id, v.storefront_id, v.starts_at, v.ends_at, v.capacity, v.note,
         (select count(*)::int from call_viewing_bookings b where b.viewing_id = v.id) as booked,
         exists (select 1 from call_viewing_bookings b where b.viewing_id = v.id and b.user_id = $2) as mine
       from call_viewings v where v.call_id = $1 order by v.starts_at, v.id`,
      [callId, userId],
    )
  ).rows;
}

export async function replaceViewings(
  db: Queryable,
  callId: string,
  viewings: { id: string; storefrontId: string | null; start: string; end: string; capacity: number; note: string }[],
): Promise<void> {
  await db.query(`delete from call_viewings where call_id = $1 and not (id = any($2::text[]))`, [
    callId,
    viewings.map((v) => v.id),
  ]);
  for (const v of viewings) {
    await db.query(
      `insert into call_viewings (id, call_id, storefront_id, starts_at, ends_at, capacity, note) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (id) do update set storefront_id = excluded.storefront_id, starts_at = excluded.starts_at,
         ends_at = excluded.ends_at, capacity = excluded.capacity, note = excluded.note
       where call_viewings.call_id = excluded.call_id`,
      [v.id, callId, v.storefrontId, v.start, v.end, v.capacity, v.note],
    );
  }
}

/** The viewing, locked: concurrent bookings of one slot queue here, so capacity holds. */
export async function lockViewing(db: Queryable, callId: string, viewingId: string) {
  return (
    await db.query<{ id: string; capacity: number; starts_at: Date | string }>(
      `select id, capacity, starts_at from call_viewings where id = $1 and call_id = $2 for update`,
      [viewingId, callId],
    )
  ).rows[0];
}

export async function bookingCount(db: Queryable, viewingId: string): Promise<number> {
  return (
    await db.query<{ n: number }>(`select count(*)::int as n from call_viewing_bookings where viewing_id = $1`, [viewingId])
  ).rows[0].n;
}

export async function insertBooking(db: Queryable, viewingId: string, userId: string): Promise<boolean> {
  const res = await db.query(
    `insert into call_viewing_bookings (viewing_id, user_id) values ($1, $2) on conflict do nothing returning viewing_id`,
    [viewingId, userId],
  );
  return res.rows.length > 0;
}

export async function deleteBooking(db: Queryable, viewingId: string, userId: string): Promise<boolean> {
  return (
    (
      await db.query(`delete from call_viewing_bookings where viewing_id = $1 and user_id = $2 returning viewing_id`, [
        viewingId,
        userId,
      ])
    ).rows.length > 0
  );
}

/** Everyone to tell about a change of the call: who applied or started an application, and who booked a viewing. */
export async function peopleOfCall(db: Queryable, callId: string) {
  return (
    await db.query<{ id: string; email: string; name: string; locale: string }>(
      `select u.id, u.email, u.name, u.locale from users u
       where u.id in (
         select applicant_id from applications where call_id = $1 and applicant_id is not null
         union
         select b.user_id from call_viewing_bookings b join call_viewings v on v.id = b.viewing_id where v.call_id = $1
       )
       order by u.id`,
      [callId],
    )
  ).rows;
}

export async function jurorsOf(db: Queryable, callId: string) {
  return (
    await db.query<{ user_id: string; name: string; email: string; staff: boolean }>(
      `select j.user_id, u.name, u.email, u.staff from call_jurors j join users u on u.id = j.user_id
       where j.call_id = $1 order by u.name, u.id`,
      [callId],
    )
  ).rows;
}

export async function isJurorOf(db: Queryable, callId: string, userId: string): Promise<boolean> {
  return (await db.query(`select 1 from call_jurors where call_id = $1 and user_id = $2`, [callId, userId])).rows.length > 0;
}

export async function staffIds(db: Queryable, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await db.query<{ id: string }>(`select id from users where id = any($1::text[]) and staff`, [ids])).rows.map(
    (r) => r.id,
  );
}

/** Replaces the staff jurors; external jurors (accounts without staff) stay. */
export async function setStaffJurors(db: Queryable, callId: string, userIds: string[], addedBy: string | null): Promise<void> {
  await db.query(
    `delete from call_jurors j using users u where j.call_id = $1 and u.id = j.user_id and u.staff and not (j.user_id = any($2::text[]))`,
    [callId, userIds],
  );
  for (const id of userIds) await addJuror(db, callId, id, addedBy);
}

export async function addJuror(db: Queryable, callId: string, userId: string, addedBy: string | null): Promise<void> {
  await db.query(`insert into call_jurors (call_id, user_id, added_by) values ($1, $2, $3) on conflict do nothing`, [
    callId,
    userId,
    addedBy,
  ]);
}

export async function invitationsOf(db: Queryable, callId: string) {
  return (
    await db.query<{ id: string; email: string; name: string; expires_at: Date | string; accepted_at: Date | string | null }>(
      `select id, email, name, expires_at, accepted_at from call_juror_invitations where call_id = $1 order by created_at, id`,
      [callId],
    )
  ).rows;
}

export async function insertInvitation(
  db: Queryable,
  i: { id: string; callId: string; email: string; name: string; tokenHash: string; expiresAt: Date; createdBy: string | null },
): Promise<void> {
  await db.query(
    `insert into call_juror_invitations (id, call_id, email, name, token_hash, expires_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [i.id, i.callId, i.email, i.name, i.tokenHash, i.expiresAt, i.createdBy],
  );
}

export async function invitationByHash(db: Queryable, hash: string, lock = false) {
  return (
    await db.query<{
      id: string;
      call_id: string;
      email: string;
      name: string;
      expires_at: Date | string;
      accepted_at: Date | string | null;
      call_title: string;
    }>(
      `select i.id, i.call_id, i.email, i.name, i.expires_at, i.accepted_at, c.title as call_title
       from call_juror_invitations i join calls c on c.id = i.call_id where i.token_hash = $1${lock ? ' for update of i' : ''}`,
      [hash],
    )
  ).rows[0];
}

export async function markInvitationAccepted(db: Queryable, id: string, userId: string): Promise<void> {
  await db.query(`update call_juror_invitations set accepted_by = $2, accepted_at = now() where id = $1`, [id, userId]);
}

export async function addRole(db: Queryable, userId: string, role: string): Promise<void> {
  await db.query(`update users set roles = array_append(roles, $2) where id = $1 and not ($2 = any(roles))`, [userId, role]);
}

/** Bookings of one person in calls that are not drafts, for their personal calendar feed. */
export async function bookingsOf(db: Queryable, userId: string) {
  return (
    await db.query<{
      viewing_id: string;
      starts_at: Date | string;
      ends_at: Date | string;
      note: string;
      call_title: string;
      call_slug: string;
      call_status: string;
      address: string | null;
    }>(
      `select v.id as viewing_id, v.starts_at, v.ends_at, v.note, c.title as call_title, c.slug as call_slug, c.status as call_status,
         s.address
       from call_viewing_bookings b join call_viewings v on v.id = b.viewing_id join calls c on c.id = v.call_id
       left join storefronts s on s.id = v.storefront_id
       where b.user_id = $1 and c.status <> 'draft' order by v.starts_at`,
      [userId],
    )
  ).rows;
}

// ── exposés ──

export interface ExposeRow {
  storefront_id: string;
  offered: boolean;
  public_groups: string[];
  conditions: Record<string, unknown>;
  intro: string;
  consented_by: string | null;
  consented_by_name: string | null;
  consented_at: Date | string | null;
}

export async function exposeOf(db: Queryable, storefrontId: string): Promise<ExposeRow | undefined> {
  return (
    await db.query<ExposeRow>(
      `select e.storefront_id, e.offered, e.public_groups, e.conditions, e.intro, e.consented_by, u.name as consented_by_name,
         e.consented_at
       from storefront_exposes e left join users u on u.id = e.consented_by where e.storefront_id = $1`,
      [storefrontId],
    )
  ).rows[0];
}

export async function upsertExpose(
  db: Queryable,
  storefrontId: string,
  v: {
    offered: boolean;
    publicGroups: string[];
    conditions: unknown;
    intro: string;
    consentedBy: string | null;
    consentChanged: boolean;
  },
): Promise<void> {
  await db.query(
    `insert into storefront_exposes (storefront_id, offered, public_groups, conditions, intro, consented_by, consented_at, updated_at)
     values ($1, $2, $3, $4::jsonb, $5, $6, case when $7 then now() else null end, now())
     on conflict (storefront_id) do update set offered = excluded.offered, public_groups = excluded.public_groups,
       conditions = excluded.conditions, intro = excluded.intro, updated_at = now(),
       consented_by = case when $7 then excluded.consented_by else storefront_exposes.consented_by end,
       consented_at = case when $7 then now() else storefront_exposes.consented_at end`,
    [storefrontId, v.offered, v.publicGroups, JSON.stringify(v.conditions), v.intro, v.consentedBy, v.consentChanged],
  );
}

export interface ExposeStorefrontRow {
  id: string;
  title: string;
  address: string;
  owner_id: string | null;
  quarter_name: string;
  quarter_slug: string;
  area_m2: number;
  frontage_cm: number;
  outline: { x: number; y: number }[];
  doors: { x: number; y: number; width: number; main?: boolean }[];
  power: { sockets: number; maxLoadKw: number | null };
  water: boolean;
  toilet: boolean;
  heating: boolean;
  step_free: boolean;
  availability: { start: string; end: string; note?: string }[];
}

export async function exposeStorefront(db: Queryable, id: string): Promise<ExposeStorefrontRow | undefined> {
  return (
    await db.query<ExposeStorefrontRow>(
      `select s.id, s.title, s.address, s.owner_id, coalesce(q.name, '') as quarter_name, coalesce(q.slug, '') as quarter_slug,
         s.area_m2, s.frontage_cm, s.outline, s.doors, s.power, s.water, s.toilet, s.heating, s.step_free, s.availability
       from storefronts s left join quarters q on q.id = s.quarter_id where s.id = $1`,
      [id],
    )
  ).rows[0];
}

export async function publicCallsOfStorefront(db: Queryable, storefrontId: string) {
  return (
    await db.query<{ slug: string; title: string; deadline: Date | string; status: string }>(
      `select c.slug, c.title, c.deadline, c.status from calls c join call_storefronts cs on cs.call_id = c.id
       where cs.storefront_id = $1 and c.status <> 'draft' order by c.deadline desc`,
      [storefrontId],
    )
  ).rows;
}

/** A call with its storefront ids and whether `userId` is one of its jurors (access.ts builds on it). */
export async function callAccessRow(db: Queryable, callId: string, userId: string | null) {
  const { rows } = await db.query<{
    id: string;
    slug: string;
    status: 'draft' | 'published' | 'closed' | 'decided' | 'cancelled';
    deadline: Date | string;
    blind: boolean;
    storefront_ids: string[] | null;
    is_juror: boolean;
  }>(
    `select c.id, c.slug, c.status, c.deadline, c.blind,
       array(select storefront_id from call_storefronts s where s.call_id = c.id order by s.position, s.storefront_id) as storefront_ids,
       exists (select 1 from call_jurors j where j.call_id = c.id and j.user_id = $2) as is_juror
     from calls c where c.id = $1`,
    [callId, userId],
  );
  return rows[0];
}
