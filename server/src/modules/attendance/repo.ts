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
