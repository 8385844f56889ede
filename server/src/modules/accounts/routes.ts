import fp from 'fastify-plugin';
import { authRoutes } from '@planner/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { DEVICE_COOKIE } from './device-cookie.ts';
import { registerCredentialRoutes } from './credential-routes.ts';

/** Where a sign-in comes from: address, browser and its device cookie. */
const originOf = (req: FastifyRequest) => ({
  ip: req.ip,
  userAgent: req.headers['user-agent'],
  deviceCookie: req.cookies[DEVICE_COOKIE],
});

/** A sign-in refused for now (429) says when to try again: `Retry-After` in seconds. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const seconds = err instanceof AppError && err.code === 'RATE_LIMITED' ? err.params?.seconds : undefined;
    if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
    throw err;
  }
}

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
      const { user, cookie, session, deviceCookie } = await withRetryAfter(reply, () =>
        accounts.login(req.body.email, req.body.password, originOf(req)),
      );
      auth.setSessionCookies(reply, cookie, session.csrfToken);
      auth.setDeviceCookie(reply, deviceCookie);
      return { user, csrfToken: session.csrfToken };
    });

    route(app, authRoutes.session, { access: 'signed-in' }, async (req) => ({
      user: await accounts.me(req.actor!.userId),
      csrfToken: req.actor!.csrfToken ?? '',
    }));

    route(app, authRoutes.logout, { access: 'public' }, async (req, reply) => {
      const actor = req.actor;
      let endSessionUrl: string | null = null;
      if (actor?.via === 'session') {
        // A single sign-on session also ends at the provider: the browser goes to its logout next.
        endSessionUrl = (await app.sso?.endSessionUrl(actor.sessionId!)) ?? null;
        await accounts.logout(actor.userId, actor.sessionId!, req.ip);
      }
      auth.clearSessionCookies(reply);
      if (endSessionUrl) return { endSessionUrl };
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

    route(app, authRoutes.createToken, { access: 'public' }, async (req, reply) => {
      const created = await withRetryAfter(reply, () =>
        accounts.createToken(req.body.email, req.body.password, req.body.name, originOf(req)),
      );
      return reply.status(201).send(created);
    });

    route(app, authRoutes.tokens, { access: 'signed-in' }, async (req) => ({
      tokens: await accounts.listTokens(req.actor!.userId),
    }));

    route(app, authRoutes.revokeToken, { access: 'signed-in' }, async (req, reply) => {
      await accounts.revokeToken(req.actor!.userId, req.params.tokenId, req.ip);
      return reply.status(204).send();
    });

    // Password reset and e-mail change (issue 14).
    registerCredentialRoutes(app);
  },
  { name: 'routes-auth', dependencies: ['auth', 'sso'] },
);
