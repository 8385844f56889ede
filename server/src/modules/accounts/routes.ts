import fp from 'fastify-plugin';
import { authMessage, loginBody, passwordChangeBody, tokenBody, tokenIdParams, userSearchQuery, type SessionResponse } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { attemptLogin } from './login.ts';
import { audit } from '../activity/audit.ts';
import { findUserById, setPassword, toPublicUser } from './users.ts';
import { verifyPassword } from './passwords.ts';
import type { RequestActor } from './actor.ts';

function signedIn(actor: RequestActor | null): RequestActor {
  if (!actor) throw new AppError('UNAUTHENTICATED', authMessage('auth.required'));
  return actor;
}

/**
 * Sign-in, sign-out, the current session, bearer tokens.
 * `POST /api/auth/login` · `POST /api/auth/logout` · `POST /api/auth/logout-all` · `GET /api/auth/session`
 * `POST /api/auth/token` · `GET /api/auth/tokens` · `DELETE /api/auth/tokens/:tokenId`
 */
export default fp(
  async (app) => {
    const { auth } = app;

    const login = async (email: string, password: string, ip: string) => {
      const result = await attemptLogin(app.db, auth.limits, { email, password, ip });
      if (!result.ok) {
        if (result.reason === 'rate-limited') throw new AppError('RATE_LIMITED', authMessage('auth.rateLimited'));
        throw new AppError('UNAUTHENTICATED', authMessage('auth.invalidCredentials'));
      }
      return result.user;
    };

    app.post('/api/auth/login', async (req, reply): Promise<SessionResponse> => {
      const body = parseInput(loginBody, req.body, 'body');
      const user = await login(body.email, body.password, req.ip);
      const { cookie, session } = await auth.sessions.create(user.id, { ip: req.ip, userAgent: req.headers['user-agent'] });
      auth.setSessionCookies(reply, cookie, session.csrfToken);
      await audit(app.db, { actorId: user.id, action: 'auth.login', subjectType: 'user', subjectId: user.id, details: { via: 'session' }, ip: req.ip });
      return { user: toPublicUser(user), csrfToken: session.csrfToken };
    });

    app.get('/api/auth/session', async (req): Promise<SessionResponse> => {
      const actor = signedIn(req.actor);
      const user = await findUserById(app.db, actor.userId);
      if (!user) throw new AppError('UNAUTHENTICATED', authMessage('auth.required'));
      return { user: toPublicUser(user), csrfToken: actor.csrfToken ?? '' };
    });

    app.post('/api/auth/logout', async (req, reply) => {
      const actor = req.actor;
      if (actor?.via === 'session') {
        await auth.sessions.destroy(actor.sessionId!);
        await audit(app.db, { actorId: actor.userId, action: 'auth.logout', subjectType: 'user', subjectId: actor.userId, ip: req.ip });
        await auth.revocations.publish({ type: 'credentials-revoked', userId: actor.userId, sessionIds: [actor.sessionId!] });
      }
      auth.clearSessionCookies(reply);
      return reply.status(204).send();
    });

    /** Ends every session of the signed-in person (bearer tokens are revoked one by one). */
    app.post('/api/auth/logout-all', async (req, reply) => {
      const actor = signedIn(req.actor);
      const ended = await auth.sessions.destroyAll(actor.userId);
      await audit(app.db, { actorId: actor.userId, action: 'auth.logout_all', subjectType: 'user', subjectId: actor.userId, details: { sessions: ended }, ip: req.ip });
      await auth.revocations.publish({ type: 'credentials-revoked', userId: actor.userId, all: true });
      auth.clearSessionCookies(reply);
      return reply.status(204).send();
    });

    /** Changes one's own password; every other session of the person ends (this one stays signed in). */
    app.post('/api/auth/password', async (req, reply) => {
      const actor = signedIn(req.actor);
      const body = parseInput(passwordChangeBody, req.body, 'body');
      const user = await findUserById(app.db, actor.userId);
      if (!user || !(await verifyPassword(user.password_hash, body.currentPassword))) {
        throw new AppError('UNAUTHENTICATED', authMessage('auth.wrongCurrentPassword'));
      }
      await setPassword(app.db, actor.userId, body.newPassword);
      const { rows } = await app.db.query<{ id: string }>('delete from sessions where user_id = $1 and id <> $2 returning id', [
        actor.userId,
        actor.sessionId ?? '',
      ]);
      if (rows.length) await auth.revocations.publish({ type: 'credentials-revoked', userId: actor.userId, sessionIds: rows.map((r) => r.id) });
      await audit(app.db, { actorId: actor.userId, action: 'auth.password_changed', subjectType: 'user', subjectId: actor.userId, details: { sessionsEnded: rows.length }, ip: req.ip });
      return reply.status(204).send();
    });

    /** Staff look people up (e.g. to name a storefront's owner): id, name, e-mail. */
    app.get('/api/users', { preHandler: app.requirePermission('storefront.manage') }, async (req) => {
      const q = parseInput(userSearchQuery, req.query, 'query');
      const pattern = `%${(q.q ?? '').replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      const { rows } = await app.db.query<{ id: string; name: string; email: string; staff: boolean }>(
        `select id, name, email, staff from users where name ilike $1 or email ilike $1 order by name limit $2`,
        [pattern, q.limit],
      );
      return { items: rows };
    });

    app.post('/api/auth/token', async (req, reply) => {
      const body = parseInput(tokenBody, req.body, 'body');
      const user = await login(body.email, body.password, req.ip);
      const created = await auth.tokens.create(user.id, body.name ?? '');
      await audit(app.db, { actorId: user.id, action: 'auth.token_created', subjectType: 'api_token', subjectId: created.id, ip: req.ip });
      return reply.status(201).send(created);
    });

    app.get('/api/auth/tokens', async (req) => {
      const actor = signedIn(req.actor);
      return { tokens: await auth.tokens.list(actor.userId) };
    });

    app.delete('/api/auth/tokens/:tokenId', async (req, reply) => {
      const actor = signedIn(req.actor);
      const { tokenId } = parseInput(tokenIdParams, req.params, 'path');
      if (!(await auth.tokens.revoke(actor.userId, tokenId))) throw new AppError('NOT_FOUND', authMessage('token.notFound'));
      await audit(app.db, { actorId: actor.userId, action: 'auth.token_revoked', subjectType: 'api_token', subjectId: tokenId, ip: req.ip });
      await auth.revocations.publish({ type: 'credentials-revoked', userId: actor.userId, tokenId });
      return reply.status(204).send();
    });
  },
  { name: 'routes-auth', dependencies: ['auth'] },
);
