import fp from 'fastify-plugin';
import { juryRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { callResource } from './plugin.ts';

/**
 * The jury (issue 16). `GET /api/jury/calls` · `GET /api/jury/calls/:callId` (the juror's sheet) ·
 * `PUT …/applications/:applicationId/score` · `POST …/applications/:applicationId/conflict` (`jury.score`:
 * the call's jurors) · `GET …/ranking` · `GET …/compare?ids=` (`jury.readRanking`: staff).
 */
export default fp(
  async (app) => {
    const score = { access: { action: 'jury.score', resource: callResource } } as const;
    const ranking = { access: { action: 'jury.readRanking', resource: callResource } } as const;
    const noStore = { 'cache-control': 'private, no-store' };

    route(app, juryRoutes.calls, { access: 'signed-in' }, async (req, reply) => {
      reply.headers(noStore);
      const actor = req.actor!;
      return { items: await app.jury.listCalls({ userId: actor.userId, staff: actor.staff }) };
    });
    route(app, juryRoutes.call, score, async (req, reply) => {
      reply.headers(noStore);
      return app.jury.view(req.params.callId, req.actor!.userId);
    });
    route(app, juryRoutes.score, score, async (req) =>
      app.jury.score(req.params.callId, req.params.applicationId, req.actor!.userId, req.body, req.ip),
    );
    route(app, juryRoutes.conflict, score, async (req) =>
      app.jury.conflict(req.params.callId, req.params.applicationId, req.actor!.userId, req.body.note, req.ip),
    );
    route(app, juryRoutes.ranking, ranking, async (req, reply) => {
      reply.headers(noStore);
      return app.jury.ranking(req.params.callId);
    });
    route(app, juryRoutes.compare, ranking, async (req, reply) => {
      reply.headers(noStore);
      return app.jury.compare(req.params.callId, req.query.ids);
    });
  },
  { name: 'routes-jury', dependencies: ['auth', 'jury'] },
);
