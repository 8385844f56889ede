import fp from 'fastify-plugin';
import { activityRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';

/** `GET /api/activity?planId=&limit=&before=` (staff): who did what, when — newest first. */
export default fp(
  async (app) => {
    route(app, activityRoutes.list, { access: { action: 'activity.read' } }, async (req) => ({
      items: await app.activity.list(req.query),
    }));
  },
  { name: 'routes-activity', dependencies: ['auth', 'activity'] },
);
