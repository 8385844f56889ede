/**
 * When a storefront is taken (issue 14): `GET /api/storefronts/:storefrontId/occupancy` for every
 * signed-in role. The periods are the schedule spans of the plans that hold the storefront (submitted,
 * approved, published: `BOOKING_STATUSES`, the same rule as the registry's "free from/to" filter) that
 * have not ended yet. A period names its plan (id and title) only when the viewer may read the plan
 * (`plan.read` with their relation to it) or the plan is published; otherwise it says only that the
 * storefront is taken.
 */
import fp from 'fastify-plugin';
import { can, placesRoutes, type Actor, type Occupancy } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { bookedPeriods, storefrontExists } from './occupancy-repo.ts';

/** The storefront's booked periods as `viewer` may see them; null when there is no such storefront. */
export async function occupancyOf(
  db: Queryable,
  storefrontId: string,
  viewer: Actor,
  now = new Date(),
): Promise<Occupancy | null> {
  if (!(await storefrontExists(db, storefrontId))) return null;
  const rows = await bookedPeriods(db, storefrontId, viewer?.userId ?? '', now);
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
