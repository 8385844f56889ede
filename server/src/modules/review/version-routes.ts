import fp from 'fastify-plugin';
import { VersionCompareQuery, VersionCreateBody, versionParams } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';
import { planResource } from '../accounts/plugin.ts';

/**
 * Versions: named snapshots of the plan document (taken at submit, at every decision and on demand).
 * `GET /api/plans/:planId/versions` · `POST /api/plans/:planId/versions` `{ name }` ·
 * `GET /api/plans/:planId/versions/:version` (the plan as of then) ·
 * `GET /api/plans/:planId/versions/compare?from=&to=` (`to` a number or `current`).
 */
export default fp(
  async (app) => {
    const read = { preHandler: app.requirePermission('plan.read', planResource) };

    app.get('/api/plans/:planId/versions', read, async (req) => {
      return { items: await app.review.versions.list(req.planContext!.planId) };
    });

    app.post('/api/plans/:planId/versions', read, async (req, reply) => {
      const body = parseInput(VersionCreateBody, req.body, 'body');
      const v = await app.review.versions.take(req.planContext!.planId, { name: body.name, reason: 'manual', actorId: req.actor!.userId });
      return reply.status(201).send(v);
    });

    app.get('/api/plans/:planId/versions/compare', read, async (req) => {
      const q = parseInput(VersionCompareQuery, req.query, 'query');
      return app.review.versions.compare(req.planContext!.planId, q.from, q.to);
    });

    app.get('/api/plans/:planId/versions/:version', read, async (req) => {
      const { version } = parseInput(versionParams, req.params, 'path');
      return app.review.versions.get(req.planContext!.planId, version);
    });
  },
  { name: 'routes-versions', dependencies: ['auth', 'review'] },
);
