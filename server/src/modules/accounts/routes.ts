import fp from 'fastify-plugin';
import { authRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';

/**
 * Sign-in, sign-out, the current session, password, bearer tokens, and the staff's account search.
 * `POST /api/auth/login` · `POST /api/auth/logout` · `POST /api/auth/logout-all` · `GET /api/auth/session`
 * · `POST /api/auth/password` · `GET /api/users` · `POST /api/auth/token` · `GET /api/auth/tokens`
 * · `DELETE /api/auth/tokens/:tokenId`
 */
export default fp(
  async (app) => {
    const { auth, accounts } = app;

    route(app, authRoutes.login, { access: 'public' }, async (req, reply) => {
      const { user, cookie, session } = await accounts.login(req.body.email, req.body.password, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      auth.setSessionCookies(reply, cookie, session.csrfToken);
      return { user, csrfToken: session.csrfToken };
    });

    route(app, authRoutes.session, { access: 'signed-in' }, async (req) => ({
      user: await accounts.me(req.actor!.userId),
      csrfToken: req.actor!.csrfToken ?? '',
    }));

    route(app, authRoutes.logout, { access: 'public' }, async (req, reply) => {
      const actor = req.actor;
      if (actor?.via === 'session') await accounts.logout(actor.userId, actor.sessionId!, req.ip);
      auth.clearSessionCookies(reply);
      return reply.status(204).send();
    });

    route(app, authRoutes.logoutAll, { access: 'signed-in' }, async (req, reply) => {
      await accounts.logoutAll(req.actor!.userId, req.ip);
      auth.clearSessionCookies(reply);
      return reply.status(204).send();
    });

    route(app, authRoutes.password, { access: 'signed-in' }, async (req, reply) => {
      const actor = req.actor!;
      await accounts.changePassword(
        actor.userId,
        actor.sessionId ?? null,
        req.body.currentPassword,
        req.body.newPassword,
        req.ip,
      );
      return reply.status(204).send();
    });

    route(app, authRoutes.users, { access: { action: 'storefront.manage' } }, async (req) => ({
      items: await accounts.searchUsers(req.query.q, req.query.limit),
    }));

    route(app, authRoutes.createToken, { access: 'public' }, async (req, reply) =>
      reply.status(201).send(await accounts.createToken(req.body.email, req.body.password, req.body.name, req.ip)),
    );

    route(app, authRoutes.tokens, { access: 'signed-in' }, async (req) => ({
      tokens: await accounts.listTokens(req.actor!.userId),
    }));

    route(app, authRoutes.revokeToken, { access: 'signed-in' }, async (req, reply) => {
      await accounts.revokeToken(req.actor!.userId, req.params.tokenId, req.ip);
      return reply.status(204).send();
    });
  },
  { name: 'routes-auth', dependencies: ['auth'] },
);
