import fp from 'fastify-plugin';
import { attendanceRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { cachedReply } from '../../platform/read-cache/plugin.ts';
import type { ReadModel } from '../../platform/read-cache/read-cache.ts';

/**
 * The staff's list of counts still missing, cached (issue 19): read from the plans' statuses and titles,
 * their latest approved copies, storefronts, quarters, cancellations and the counts themselves
 * (migration 033). The clock: until the next public entry without a count ends.
 */
const MISSING: ReadModel = {
  name: 'attendance-missing',
  topics: ['approvals', 'plans_core', 'storefronts', 'quarters', 'cancelled_entries', 'attendance'],
};

/**
 * Attendance (issue 20). `GET /api/plans/:planId/attendance` (whoever may read the plan) ·
 * `PUT /api/plans/:planId/attendance/:entryId` (its designers and staff; 409 `attendance.notEnded` before
 * the entry's end) · `GET /api/attendance/missing` (staff).
 */
export default fp(
  async (app) => {
    route(app, attendanceRoutes.list, { access: { action: 'attendance.read', resource: planResource } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return app.attendance.list(req.params.planId);
    });

    route(app, attendanceRoutes.record, { access: { action: 'attendance.record', resource: planResource } }, async (req) =>
      app.attendance.record(req.actor?.userId ?? null, req.params.planId, req.params.entryId, req.body),
    );

    // Everyone allowed (attendance.readMissing: staff) sees the same list: one scope; the key is the limit.
    route(app, attendanceRoutes.missing, { access: { action: 'attendance.readMissing' } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return cachedReply(req, reply, MISSING, 'attendance.readMissing', String(req.query.limit), () =>
        app.attendance.missing(req.query.limit),
      );
    });
  },
  { name: 'routes-attendance', dependencies: ['auth', 'attendance'] },
);
