import fp from 'fastify-plugin';
import { authRoutes, type SsoFailure } from '@planner/shared';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import { route } from '../../../platform/http/routes.ts';
import { FLOW_COOKIE, FLOW_COOKIE_PATH, FLOW_MAX_AGE_MS, openFlow, sealFlow } from './flow-cookie.ts';
import { ProviderUnreachable } from './provider.ts';
import { SsoRefused, SsoService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Single sign-on with the city's identity provider; null when OIDC_* is not set. */
    sso: SsoService | null;
  }
}

/**
 * Single sign-on (issue 20): `POST /api/auth/sso/start` answers the provider's authorization URL and
 * sets the signed flow cookie; `GET /api/auth/sso/callback` is where the provider sends the browser
 * back: it signs in (the session cookies of a password sign-in) and redirects into the app, or to
 * `/login?sso=<reason>`. The provider's logout goes with `POST /api/auth/logout` (accounts/routes.ts).
 */
export default fp(
  async (app) => {
    const { config } = app;
    const sso = config.oidc
      ? new SsoService(app.db, config.oidc, {
          sessions: app.auth.sessions,
          revocations: app.auth.revocations,
          publicUrl: config.publicUrl,
        })
      : null;
    app.decorate('sso', sso);

    const alwaysSecure = config.publicUrl.startsWith('https:');
    const flowCookie = { path: FLOW_COOKIE_PATH, httpOnly: true, sameSite: 'lax' as const };
    const secureFor = (reply: FastifyReply) => alwaysSecure || reply.request.protocol === 'https';

    route(app, authRoutes.ssoStart, { access: 'public' }, async (req, reply) => {
      if (!sso) throw new AppError('NOT_FOUND', 'auth.ssoNotConfigured');
      try {
        const { url, flow } = await sso.start(req.body.next ?? '/dashboard');
        reply.setCookie(FLOW_COOKIE, sealFlow(config.sessionSecret, flow), {
          ...flowCookie,
          secure: secureFor(reply),
          maxAge: Math.floor(FLOW_MAX_AGE_MS / 1000),
        });
        return { url };
      } catch (err) {
        if (!(err instanceof ProviderUnreachable)) throw err;
        req.log.warn({ err: err.cause }, 'single sign-on: the identity provider cannot be reached');
        throw new AppError('UNAVAILABLE', 'auth.ssoUnavailable');
      }
    });

    route(app, authRoutes.ssoCallback, { access: 'public' }, async (req, reply) => {
      // The flow is used once, whatever comes of it.
      reply.clearCookie(FLOW_COOKIE, { ...flowCookie, secure: secureFor(reply) });
      const refuse = (reason: SsoFailure) => reply.redirect(`/login?sso=${reason}`, 302);
      if (!sso) return refuse('not-configured');
      const flow = openFlow(config.sessionSecret, req.cookies[FLOW_COOKIE]);
      // A callback this browser did not start (login CSRF), an old one, or a replay.
      if (!flow || req.query.state !== flow.state) {
        req.log.warn({ hasFlow: flow !== null }, 'single sign-on: state does not match the flow of this browser');
        return refuse('state');
      }
      const search = new URL(req.url, 'http://callback').search;
      try {
        const { cookie, session } = await sso.finish(search, flow, { ip: req.ip, userAgent: req.headers['user-agent'] });
        app.auth.setSessionCookies(reply, cookie, session.csrfToken);
        return reply.redirect(flow.next, 302);
      } catch (err) {
        if (!(err instanceof SsoRefused)) throw err;
        req.log.warn({ err: err.cause ?? err, reason: err.reason }, 'single sign-on refused');
        return refuse(err.reason);
      }
    });
  },
  { name: 'sso', dependencies: ['config', 'database', 'auth'] },
);
