import fp from 'fastify-plugin';
import { invitationRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { toPublicUser } from '../accounts/users.ts';
import { invitationResource } from './plugin.ts';

/** `POST /api/invitations` · `GET /api/invitations/:token` · `POST /api/invitations/:token/accept`. */
export default fp(
  async (app) => {
    const { invitations, auth } = app;

    route(app, invitationRoutes.create, { access: { action: 'plan.invite', resource: invitationResource } }, async (req, reply) =>
      reply.status(201).send(await invitations.create({ userId: req.actor!.userId, name: req.actor!.name }, req.body, req.ip)),
    );

    route(app, invitationRoutes.info, { access: 'public' }, async (req) => invitations.info(req.params.token));

    route(app, invitationRoutes.accept, { access: 'public' }, async (req, reply) => {
      const { user, created, planId } = await invitations.accept(
        req.params.token,
        { signedInUserId: req.actor?.userId ?? null, ...req.body },
        req.ip,
      );
      let csrfToken = req.actor?.csrfToken ?? '';
      if (created) {
        // A new account is signed in right away.
        const { cookie, session } = await auth.sessions.create(user.id, { ip: req.ip, userAgent: req.headers['user-agent'] });
        auth.setSessionCookies(reply, cookie, session.csrfToken);
        csrfToken = session.csrfToken;
      }
      // Every open members panel of the plan shows the new member (issue 14).
      if (planId) app.team.changed(planId);
      return { user: toPublicUser(user), planId, created, csrfToken };
    });
  },
  { name: 'routes-invitations', dependencies: ['auth', 'invitations'] },
);
