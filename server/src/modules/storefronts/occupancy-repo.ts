/** The SQL of storefront occupancy (occupancy.ts). */
import { BOOKING_STATUSES, type PlanRole } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

export interface PeriodRow {
  plan_id: string;
  title: string;
  status: 'submitted' | 'approved' | 'published';
  schedule_start: Date | string;
  schedule_end: Date | string;
  owner_id: string | null;
  role: PlanRole | null;
}

export async function storefrontExists(db: Queryable, storefrontId: string): Promise<boolean> {
  const exists = await db.query('select 1 from storefronts where id = $1', [storefrontId]);
  return exists.rows.length > 0;
}

/**
 * The storefront's booked plans (`BOOKING_STATUSES`, not deleted) whose schedule has not ended at
 * `now`, by start, with the viewer's role in each (`viewerId` '' for nobody).
 */
export async function bookedPeriods(db: Queryable, storefrontId: string, viewerId: string, now: Date): Promise<PeriodRow[]> {
  const { rows } = await db.query<PeriodRow>(
    `select p.id as plan_id, p.title, p.status, p.schedule_start, p.schedule_end, s.owner_id, m.role
       from plans p
       join storefronts s on s.id = p.storefront_id
       left join plan_members m on m.plan_id = p.id and m.user_id = $2
      where p.storefront_id = $1 and p.status = any($3) and p.deleted_at is null
        and p.schedule_start is not null and p.schedule_end is not null and p.schedule_end > $4
      order by p.schedule_start, p.id`,
    [storefrontId, viewerId, [...BOOKING_STATUSES], now.toISOString()],
  );
  return rows;
}
