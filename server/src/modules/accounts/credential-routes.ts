import type { FastifyInstance, FastifyReply } from 'fastify';
import { credentialRoutes } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { CredentialService } from './credentials.ts';

/** A 429 says when to try again: `Retry-After` in seconds. */
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
 * Password reset and e-mail change (issue 14), registered by the accounts routes:
 * `POST /api/auth/password-reset` · `POST /api/auth/password-reset/confirm` · `POST /api/auth/email` ·
 * `POST /api/auth/email/confirm`.
 */
export function registerCredentialRoutes(app: FastifyInstance): void {
  const { config, auth } = app;
  const credentials = new CredentialService(app.db, {
    sessions: auth.sessions,
    tokens: auth.tokens,
    revocations: auth.revocations,
    store: auth.limits.store,
    limits: config.passwordReset,
    secret: config.sessionSecret,
    mailer: () => app.auth.mailer,
    publicUrl: config.publicUrl,
    onError: (err, what) => app.log.error({ err }, `${what} failed`),
  });

  route(app, credentialRoutes.passwordReset, { access: { action: 'account.passwordReset' } }, async (req, reply) => {
    await withRetryAfter(reply, () => credentials.requestReset(req.body.email, req.ip));
    return reply.status(202).send({ accepted: true });
  });

  route(app, credentialRoutes.passwordResetConfirm, { access: { action: 'account.passwordReset' } }, async (req, reply) => {
    await credentials.confirmReset(req.body.token, req.body.password, req.ip);
    // A reset ends every session, this browser's too: it signs in afresh with the new password.
    if (req.actor?.via === 'session') auth.clearSessionCookies(reply);
    return reply.status(204).send();
  });

  route(app, credentialRoutes.emailChange, { access: { action: 'account.emailChange' } }, async (req, reply) => {
    await withRetryAfter(reply, () =>
      credentials.requestEmailChange(req.actor!.userId, req.body.newEmail, req.body.password, req.ip),
    );
    return reply.status(202).send({ accepted: true });
  });

  // Public: the link is the proof, and it may be opened in a browser that is not signed in.
  route(app, credentialRoutes.emailConfirm, { access: 'public' }, async (req) => {
    const actor = req.actor;
    const email = await credentials.confirmEmailChange(
      req.body.token,
      actor?.via === 'session' ? (actor.sessionId ?? null) : null,
      actor?.userId ?? null,
      req.ip,
    );
    return { email };
  });
}
