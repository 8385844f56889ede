import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import {
  acceptInvitationBody,
  authMessage,
  createInvitationBody,
  invitationTokenParams,
  type InvitationInfo,
  type InvitationResponse,
  type Resource,
} from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { acceptInvitation, createInvitation, findLiveInvitation } from './service.ts';
import { audit } from '../activity/audit.ts';
import { findUserByEmail, findUserById, toPublicUser } from '../accounts/users.ts';
import { invitationMail } from './mail.ts';

/**
 * Invitations: staff (any role) and a plan's designers (designers only) invite by e-mail; the link is
 * single-use and expires. `POST /api/invitations` · `GET /api/invitations/:token` ·
 * `POST /api/invitations/:token/accept`.
 */
export default fp(
  async (app) => {
    const { auth } = app;
    const secret = app.config.sessionSecret;

    /** The resource of an invitation: the plan (with the role to grant), or the platform (staff only). */
    const invitationResource = async (req: FastifyRequest): Promise<Resource> => {
      const body = parseInput(createInvitationBody, req.body, 'body');
      if (!body.planId) return { grantRole: body.role };
      const ctx = await auth.planContext(req.actor, body.planId);
      if (!ctx) throw new AppError('NOT_FOUND', authMessage('plan.notFound'));
      return { ...ctx.resource, grantRole: body.role };
    };

    // Plan invitations follow `plan.invite`; account invitations (no plan) `account.invite`.
    const mayInviteToPlan = app.requirePermission('plan.invite', invitationResource);
    const mayInviteToAccount = app.requirePermission('account.invite', invitationResource);

    app.post(
      '/api/invitations',
      {
        preHandler: async function (req, reply) {
          const planId = (req.body as { planId?: unknown } | null)?.planId;
          await (planId ? mayInviteToPlan : mayInviteToAccount).call(this, req, reply);
        },
      },
      async (req, reply): Promise<InvitationResponse> => {
        const actor = req.actor!;
        const body = parseInput(createInvitationBody, req.body, 'body');
        const created = await createInvitation(app.db, secret, { email: body.email, role: body.role, planId: body.planId ?? null, invitedBy: actor.userId });
        const url = `${app.config.publicUrl}/einladung/${created.token}`;
        let planTitle: string | null = null;
        if (body.planId) {
          const { rows } = await app.db.query<{ title: string }>('select title from plans where id = $1', [body.planId]);
          planTitle = rows[0]?.title ?? null;
        }
        await audit(app.db, {
          actorId: actor.userId,
          action: 'invitation.created',
          subjectType: 'invitation',
          subjectId: created.id,
          planId: body.planId ?? null,
          details: { email: body.email, role: body.role },
          ip: req.ip,
        });
        await auth.mailer
          .send(invitationMail({ to: body.email, url, inviter: actor.name, role: body.role, planTitle, expiresAt: created.expiresAt }))
          .catch((err) => req.log.error({ err }, 'sending the invitation mail failed'));
        reply.status(201);
        return { id: created.id, url, expiresAt: created.expiresAt.toISOString() };
      },
    );

    app.get('/api/invitations/:token', async (req): Promise<InvitationInfo> => {
      const { token } = parseInput(invitationTokenParams, req.params, 'path');
      const inv = await findLiveInvitation(app.db, secret, token);
      if (!inv) throw new AppError('GONE', authMessage('invitation.invalid'));
      const [inviter, existing, plan] = await Promise.all([
        findUserById(app.db, inv.invited_by),
        findUserByEmail(app.db, inv.email),
        inv.plan_id ? app.db.query<{ title: string }>('select title from plans where id = $1', [inv.plan_id]) : null,
      ]);
      return {
        email: inv.email,
        role: inv.role,
        planId: inv.plan_id,
        planTitle: plan?.rows[0]?.title ?? null,
        invitedBy: inviter?.name ?? '',
        accountExists: !!existing,
        expiresAt: new Date(inv.expires_at).toISOString(),
      };
    });

    app.post('/api/invitations/:token/accept', async (req, reply) => {
      const { token } = parseInput(invitationTokenParams, req.params, 'path');
      const body = parseInput(acceptInvitationBody, req.body ?? {}, 'body');
      let result;
      try {
        result = await acceptInvitation(app.db, secret, token, { signedInUserId: req.actor?.userId ?? null, ...body });
      } catch (err) {
        if ((err as { invitationRace?: boolean }).invitationRace) throw new AppError('GONE', authMessage('invitation.invalid'));
        throw err;
      }
      if (!result.ok) {
        if (result.reason === 'invalid') throw new AppError('GONE', authMessage('invitation.invalid'));
        if (result.reason === 'needs-account') throw new AppError('VALIDATION', authMessage('invitation.needsAccount'));
        if (result.reason === 'needs-sign-in') throw new AppError('UNAUTHENTICATED', authMessage('auth.required'));
        throw new AppError('FORBIDDEN', authMessage('invitation.wrongAccount'));
      }
      const { user, created, invitation } = result;
      if (created) {
        await audit(app.db, { actorId: user.id, action: 'user.created', subjectType: 'user', subjectId: user.id, details: { via: 'invitation' }, ip: req.ip });
      }
      await audit(app.db, {
        actorId: user.id,
        action: 'invitation.accepted',
        subjectType: 'invitation',
        subjectId: invitation.id,
        planId: invitation.plan_id,
        details: { role: invitation.role },
        ip: req.ip,
      });
      let csrfToken = req.actor?.csrfToken ?? '';
      if (created) {
        // A new account is signed in right away.
        const { cookie, session } = await auth.sessions.create(user.id, { ip: req.ip, userAgent: req.headers['user-agent'] });
        auth.setSessionCookies(reply, cookie, session.csrfToken);
        csrfToken = session.csrfToken;
      }
      return { user: toPublicUser(user), planId: invitation.plan_id, created, csrfToken };
    });
  },
  { name: 'routes-invitations', dependencies: ['auth'] },
);
