/**
 * When a storefront is taken (issue 14): `GET /api/storefronts/:storefrontId/occupancy` for every
 * signed-in role. The periods are the schedule spans of the plans that hold the storefront (submitted,
 * approved, published: `BOOKING_STATUSES`, the same rule as the registry's "free from/to" filter) that
 * have not ended yet. A period names its plan (id and title) only when the viewer may read the plan
 * (`plan.read` with their relation to it) or the plan is published; otherwise it says only that the
 * storefront is taken.
 */
import fp from 'fastify-plugin';
import { BOOKING_STATUSES, can, placesRoutes, type Actor, type Occupancy, type PlanRole } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';

interface PeriodRow {
  plan_id: string;
  title: string;
  status: 'submitted' | 'approved' | 'published';
  schedule_start: Date | string;
  schedule_end: Date | string;
  owner_id: string | null;
  role: PlanRole | null;
}

/** The storefront's booked periods as `viewer` may see them; null when there is no such storefront. */
export async function occupancyOf(
  db: Queryable,
  storefrontId: string,
  viewer: Actor,
  now = new Date(),
): Promise<Occupancy | null> {
  const exists = await db.query('select 1 from storefronts where id = $1', [storefrontId]);
  if (!exists.rows.length) return null;
  const { rows } = await db.query<PeriodRow>(
    `select p.id as plan_id, p.title, p.status, p.schedule_start, p.schedule_end, s.owner_id, m.role
       from plans p
       join storefronts s on s.id = p.storefront_id
       left join plan_members m on m.plan_id = p.id and m.user_id = $2
      where p.storefront_id = $1 and p.status = any($3) and p.deleted_at is null
        and p.schedule_start is not null and p.schedule_end is not null and p.schedule_end > $4
      order by p.schedule_start, p.id`,
    [storefrontId, viewer?.userId ?? '', [...BOOKING_STATUSES], now.toISOString()],
  );
  return {
    storefrontId,
    periods: rows.map((r) => {
      const period = {
        start: new Date(r.schedule_start).toISOString(),
        end: new Date(r.schedule_end).toISOString(),
        status: r.status,
      };
      const readable =
        r.status === 'published' ||
        can(viewer, 'plan.read', { planRole: r.role, ownsStorefront: !!viewer && r.owner_id === viewer.userId });
      return readable ? { ...period, planId: r.plan_id, title: r.title } : period;
    }),
  };
}

export default fp(
  async (app) => {
    route(app, placesRoutes.occupancy, { access: { action: 'storefront.occupancy' } }, async (req) => {
      const occupancy = await occupancyOf(app.db, req.params.storefrontId, req.actor);
      if (!occupancy) throw new AppError('NOT_FOUND', 'storefront.notFound');
      return occupancy;
    });
  },
  { name: 'routes-occupancy', dependencies: ['auth', 'storefronts'] },
);
