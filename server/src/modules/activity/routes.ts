import fp from 'fastify-plugin';
import { activityRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';

/**
 * `GET /api/activity?planId=&actorId=&actor=&action=&from=&to=&limit=&before=` (staff): who did what,
 * when — newest first, paged by `before` (the answer's `nextBefore`). `GET /api/activity/actions`: the
 * actions that occur, for the filter.
 */
export default fp(
  async (app) => {
    route(app, activityRoutes.list, { access: { action: 'activity.read' } }, async (req) => app.activity.list(req.query));
    route(app, activityRoutes.actions, { access: { action: 'activity.read' } }, async () => ({
      actions: await app.activity.actions(),
    }));
  },
  { name: 'routes-activity', dependencies: ['auth', 'activity'] },
);
