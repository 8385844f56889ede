import fp from 'fastify-plugin';
import { applicationRoutes } from '@planner/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { route } from '../../platform/http/routes.ts';
import { applicationFormResource, applicationResource } from './plugin.ts';

/**
 * Applications (issue 16). `GET|POST /api/application-forms/:slug` · `GET /api/applications` ·
 * `GET|PATCH|DELETE /api/applications/:applicationId` · `POST …/submit` · `POST …/withdraw` ·
 * `POST …/members` · `POST …/verification` · `POST /api/application-verifications/:token` ·
 * `GET /api/application-invitations/:token` · `POST …/accept` · `POST …/decline`.
 * Reading an application: `application.read`; every change: `application.edit` (its applicants).
 */
export default fp(
  async (app) => {
    const { applications, applicationTeam: team, auth } = app;
    const read = { access: { action: 'application.read', resource: applicationResource } } as const;
    const edit = { access: { action: 'application.edit', resource: applicationResource } } as const;

    /** A new account is signed in right away: its session cookies go with the answer. */
    async function signIn(req: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
      const { cookie, session } = await auth.sessions.create(userId, { ip: req.ip, userAgent: req.headers['user-agent'] });
      auth.setSessionCookies(reply, cookie, session.csrfToken);
      return session.csrfToken;
    }

    route(
      app,
      applicationRoutes.form,
      { access: { action: 'call.read', resource: applicationFormResource } },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-store');
        return applications.form(req.params.slug, req.actor ? { userId: req.actor.userId, staff: req.actor.staff } : null);
      },
    );

    route(
      app,
      applicationRoutes.create,
      { access: { action: 'application.create', resource: applicationFormResource } },
      async (req, reply) => {
        const out = await applications.create(req.params.slug, req.actor?.userId ?? null, req.body, req.ip);
        const csrfToken = out.user ? await signIn(req, reply, out.user.id) : null;
        return reply.status(201).send({ ...out, csrfToken });
      },
    );

    route(app, applicationRoutes.mine, { access: 'signed-in' }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { items: await applications.mine(req.actor!.userId) };
    });

    route(app, applicationRoutes.get, read, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return applications.get(req.params.applicationId, req.actor!.userId);
    });

    route(app, applicationRoutes.patch, edit, async (req) =>
      applications.patch(req.params.applicationId, req.actor!.userId, req.body),
    );

    route(app, applicationRoutes.submit, edit, async (req) =>
      applications.submit(req.params.applicationId, req.actor!.userId, req.ip),
    );

    route(app, applicationRoutes.withdraw, edit, async (req) =>
      applications.withdraw(req.params.applicationId, req.actor!.userId, req.ip),
    );

    route(app, applicationRoutes.remove, edit, async (req, reply) => {
      await applications.remove(req.params.applicationId, req.actor!.userId, req.ip);
      return reply.status(204).send();
    });

    route(app, applicationRoutes.invite, edit, async (req, reply) => {
      const out = await team.invite(
        req.params.applicationId,
        { userId: req.actor!.userId, name: req.actor!.name },
        req.body,
        req.ip,
      );
      return reply.status(201).send(out);
    });

    route(app, applicationRoutes.resendVerification, edit, async (req, reply) => {
      await applications.resendVerification(req.params.applicationId, req.actor!.userId);
      return reply.status(202).send();
    });

    // The token is the credential of these three (mailed links).
    route(app, applicationRoutes.verify, { access: 'public' }, async (req) => {
      await applications.verify(req.params.token, req.ip);
      return { verified: true as const };
    });

    route(app, applicationRoutes.memberInfo, { access: 'public' }, async (req) => team.info(req.params.token));

    route(app, applicationRoutes.memberAccept, { access: 'public' }, async (req, reply) => {
      const out = await team.accept(req.params.token, { signedInUserId: req.actor?.userId ?? null, ...req.body }, req.ip);
      const csrfToken = out.created ? await signIn(req, reply, out.user.id) : (req.actor?.csrfToken ?? '');
      return { ...out, csrfToken };
    });

    route(app, applicationRoutes.memberDecline, { access: 'public' }, async (req, reply) => {
      await team.decline(req.params.token, req.actor?.userId ?? null, req.ip);
      return reply.status(204).send();
    });
  },
  { name: 'routes-applications', dependencies: ['auth', 'applications'] },
);
