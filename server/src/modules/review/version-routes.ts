import fp from 'fastify-plugin';
import { versionRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';

/**
 * Versions: named snapshots of the plan document (taken at submit, at every decision and on demand).
 * `GET /api/plans/:planId/versions` · `POST /api/plans/:planId/versions` `{ name }` ·
 * `GET /api/plans/:planId/versions/:version` (the plan as of then) ·
 * `GET /api/plans/:planId/versions/compare?from=&to=` (`to` a number or `current`).
 */
export default fp(
  async (app) => {
    const read = { access: { action: 'plan.read', resource: planResource } } as const;

    route(app, versionRoutes.list, read, async (req) => ({ items: await app.review.versions.list(req.params.planId) }));

    route(app, versionRoutes.create, read, async (req, reply) => {
      const v = await app.review.versions.take(req.params.planId, { name: req.body.name, reason: 'manual', actorId: req.actor!.userId });
      return reply.status(201).send(v);
    });

    route(app, versionRoutes.compare, read, async (req) => app.review.versions.compare(req.params.planId, req.query.from, req.query.to));

    route(app, versionRoutes.get, read, async (req) => app.review.versions.get(req.params.planId, req.params.version));
  },
  { name: 'routes-versions', dependencies: ['auth', 'review'] },
);
