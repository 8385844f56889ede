/** All SQL of attendance (the visitors recorded per public entry, issue 20). */
import type { Queryable } from '../../platform/db/database.ts';

export interface AttendanceRow {
  plan_id: string;
  entry_id: string;
  visitors: number;
  note: string;
  recorded_by_name: string | null;
  updated_at: Date | string;
}

const SELECT = `select a.plan_id, a.entry_id, a.visitors, a.note, u.name as recorded_by_name, a.updated_at
  from attendance a left join users u on u.id = coalesce(a.updated_by, a.recorded_by)`;

/** The recorded counts of these plans. */
export async function attendanceOf(db: Queryable, planIds: string[]): Promise<AttendanceRow[]> {
  if (!planIds.length) return [];
  const { rows } = await db.query<AttendanceRow>(`${SELECT} where a.plan_id = any($1::text[])`, [planIds]);
  return rows;
}

/** Records or corrects one count; the first recorder stays, the last writer is kept as `updated_by`. */
export async function upsertAttendance(
  db: Queryable,
  a: { planId: string; entryId: string; visitors: number; note: string; actorId: string | null },
): Promise<void> {
  await db.query(
    `insert into attendance (plan_id, entry_id, visitors, note, recorded_by, updated_by) values ($1, $2, $3, $4, $5, $5)
     on conflict (plan_id, entry_id) do update set
       visitors = excluded.visitors, note = excluded.note, updated_by = excluded.updated_by, updated_at = now()`,
    [a.planId, a.entryId, a.visitors, a.note, a.actorId],
  );
}

/** One ended public entry still without a count (start and end as the database gives them back). */
export interface MissingRow {
  plan_id: string;
  plan_title: string;
  storefront_title: string;
  quarter_name: string;
  entry_id: string;
  title: string;
  start: Date | string;
  end: Date | string;
}

/**
 * The ended public entries (end ≤ `now`) of published and done plans still without a count, oldest end
 * first, at most `limit`; how many there are in all; and the end of the next public entry still to end
 * without a count (when the answer changes without a write), null when none. One set-based query over
 * the plans' latest approved copies, instead of decoding every copy in the server (issue 19). An entry
 * counts as the service's publicEntries reads it: an object with a string id, `public: true`, a start and
 * an end that are instants (planner_instant, migration 033), not cancelled.
 */
export async function missingAttendance(
  db: Queryable,
  now: number,
  limit: number,
): Promise<{ rows: MissingRow[]; total: number; nextEnd: number | null }> {
  const { rows } = await db.query<{ total: number; next_end: Date | string | null; items: MissingRow[] | string }>(
    // Narrow rows through the scan (ids and instants); names and titles for the page's entries only.
    `with latest as materialized (
       select p.id as plan_id,
              (select a.id from approvals a where a.plan_id = p.id and a.decision = 'approved' order by a.id desc limit 1) as approval_id
         from plans p
         join storefronts s on s.id = p.storefront_id
         join quarters q on q.id = s.quarter_id
        where p.status in ('published', 'done') and p.deleted_at is null
     ),
     entries as (
       select l.plan_id, l.approval_id, e.n, e.entry_id, e.title, e.start_at as start, e.end_at as "end"
         from latest l
         join approval_public_entries e on e.approval_id = l.approval_id
     ),
     open as materialized (
       select x.* from entries x
        where not exists (select 1 from cancelled_entries c where c.plan_id = x.plan_id and c.entry_id = x.entry_id)
          and not exists (select 1 from attendance t where t.plan_id = x.plan_id and t.entry_id = x.entry_id)
     ),
     page as (
       select * from open where "end" <= $1::timestamptz order by "end", plan_id collate "C", n limit $2
     )
     select (select count(*) from open where "end" <= $1::timestamptz)::int as total,
            (select min("end") from open where "end" > $1::timestamptz) as next_end,
            (select coalesce(json_agg(json_build_object(
                      'plan_id', m.plan_id,
                      'plan_title', case when jsonb_typeof(a.meta -> 'title') = 'string' and a.meta ->> 'title' <> ''
                                         then a.meta ->> 'title' else p.title end,
                      'storefront_title', s.title, 'quarter_name', q.name, 'entry_id', m.entry_id,
                      'title', m.title,
                      'start', m.start, 'end', m."end")
                    order by m."end", m.plan_id collate "C", m.n), '[]')
               from page m
               join approvals a on a.id = m.approval_id
               join plans p on p.id = m.plan_id
               join storefronts s on s.id = p.storefront_id
               join quarters q on q.id = s.quarter_id) as items`,
    [new Date(now).toISOString(), limit],
  );
  const r = rows[0];
  const items = typeof r.items === 'string' ? (JSON.parse(r.items) as MissingRow[]) : r.items;
  return { rows: items, total: r.total, nextEnd: r.next_end === null ? null : new Date(r.next_end).getTime() };
}
