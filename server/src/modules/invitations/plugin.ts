import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { can, createInvitationBody, type Resource } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { InvitationService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    invitations: InvitationService;
  }
}

/**
 * The resource of `POST /api/invitations` (route access `plan.invite`): the plan with the role to
 * grant. An invitation without a plan is an account invitation, decided here by `account.invite`
 * (a route's access names one action; this route's action follows from its body). It runs before
 * validation (permission first), so it parses the body itself.
 */
export async function invitationResource(req: FastifyRequest): Promise<Resource> {
  const body = parseInput(createInvitationBody, req.body);
  if (!body.planId) {
    if (!can(req.actor, 'account.invite', { grantRole: body.role })) throw new AppError('FORBIDDEN', 'auth.forbidden');
    // Whoever may invite to an account may grant any role; `plan.invite` agrees for them (staff).
    return { grantRole: body.role };
  }
  const ctx = await req.server.auth.planContext(req.actor, body.planId);
  if (!ctx) throw new AppError('NOT_FOUND', 'plan.notFound');
  return { ...ctx.resource, grantRole: body.role };
}

export default fp(
  async (app) => {
    app.decorate(
      'invitations',
      new InvitationService(app.db, {
        secret: app.config.sessionSecret,
        publicUrl: app.config.publicUrl,
        mailer: () => app.auth.mailer,
        onMailError: (err) => app.log.error({ err }, 'sending the invitation mail failed'),
      }),
    );
  },
  { name: 'invitations', dependencies: ['config', 'database', 'auth'] },
);
