import fp from 'fastify-plugin';
import { can, teamRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { TeamService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Plan teams: lead designer, leave, remove, hand over, access requests (issue 14). */
    team: TeamService;
  }
}

/**
 * Plan teams. `GET /api/plans/:planId/team` · `POST …/leave` · `POST …/lead` · `POST …/access-requests` ·
 * `GET …/access-requests/mine` · `POST …/access-requests/:requestId/decision`. Adding and removing
 * members stay at `…/members` (members-routes.ts), which tell this service.
 */
export default fp(
  async (app) => {
    const team = new TeamService(app.db, app.realtime.rooms, app.notifications, app.plans.members);
    app.decorate('team', team);

    route(app, teamRoutes.get, { access: { action: 'members.read', resource: planResource } }, async (req) =>
      team.view(req.params.planId, can(req.actor, 'access.decide', req.planContext!.resource)),
    );

    route(app, teamRoutes.leave, { access: { action: 'members.leave', resource: planResource } }, async (req, reply) => {
      await team.leave(req.params.planId, req.actor!.userId, req.ip);
      return reply.status(204).send();
    });

    route(app, teamRoutes.handOverLead, { access: { action: 'members.handOverLead', resource: planResource } }, async (req) =>
      team.handOver(req.params.planId, req.body.userId, req.actor!.userId, req.ip),
    );

    route(app, teamRoutes.requestAccess, { access: { action: 'access.request', resource: planResource } }, async (req, reply) =>
      reply.status(202).send(await team.request(req.params.planId, req.actor!.userId, req.ip)),
    );

    route(app, teamRoutes.myRequest, { access: { action: 'access.request', resource: planResource } }, async (req) =>
      team.mine(req.params.planId, req.actor!.userId),
    );

    route(app, teamRoutes.decide, { access: { action: 'access.decide', resource: planResource } }, async (req) =>
      team.decide(req.params.planId, req.params.requestId, req.body.accept, req.actor!.userId, req.ip),
    );
  },
  { name: 'team', dependencies: ['auth', 'plans', 'notifications', 'realtime'] },
);
