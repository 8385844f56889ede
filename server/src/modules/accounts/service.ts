import type { ApiTokenInfo, PublicUser, TokenResponse, UserListItem } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import type { TokenStore } from './api-tokens.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { deviceIdOf, issueDeviceCookie } from './device-cookie.ts';
import { attemptLogin, type LoginLimits } from './login.ts';
import { failedSignInsMail } from './mail.ts';
import { verifyPassword } from './passwords.ts';
import * as repo from './repo.ts';
import type { Revocations } from './revocation.ts';
import type { Session, SessionStore } from './sessions.ts';
import { setPassword, toPublicUser, type UserRow } from './users.ts';

export interface AccountDeps {
  sessions: SessionStore;
  tokens: TokenStore;
  revocations: Revocations;
  limits: LoginLimits;
  /** Signs and checks device cookies (SESSION_SECRET) and bounds their age. */
  device: { secret: string; maxAgeMs: number };
  /** Read at send time (tests swap the mailer of a running app). */
  mailer: () => Mailer;
  /** The account page, linked from the warning mail. */
  accountUrl: string;
  /** Errors of work done after the answer (the warning mail). */
  onError: (err: unknown, what: string) => void;
}

/** Where a request comes from, for the audit log and the session row. */
export interface Origin {
  ip: string;
  userAgent?: string;
  /** The request's device cookie, if any (see device-cookie.ts). */
  deviceCookie?: string;
}

/** At most one warning mail per account and hour. */
const WARNING_MAIL_EVERY_MS = 3_600_000;

/** The message of a 429 at sign-in, naming the wait; `seconds` is also the Retry-After value. */
function rateLimited(retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (seconds < 2) return new AppError('RATE_LIMITED', 'auth.rateLimited', { seconds });
  if (seconds < 120) return new AppError('RATE_LIMITED', 'auth.rateLimitedSeconds', { seconds });
  return new AppError('RATE_LIMITED', 'auth.rateLimitedMinutes', { seconds, minutes: Math.ceil(seconds / 60) });
}

/**
 * Accounts' use-cases: sign-in (sessions and bearer tokens), sign-out, password change, token
 * management and the staff's account search. Every one that ends credentials announces it on the bus
 * (`Revocations`), so open websockets and socket.io connections of those credentials end everywhere.
 * Cookies are HTTP's business (routes.ts).
 */
export class AccountService {
  constructor(
    private readonly db: Database,
    private readonly deps: AccountDeps,
  ) {}

  private async checkPassword(
    email: string,
    password: string,
    from: Origin,
  ): Promise<{ user: UserRow; deviceId: string | null }> {
    const { secret, maxAgeMs } = this.deps.device;
    const result = await attemptLogin(
      this.db,
      this.deps.limits,
      { email, password, ip: from.ip, deviceOf: (userId) => deviceIdOf(secret, from.deviceCookie, userId, maxAgeMs) },
      (user, failures) => void this.warnOwner(user, failures),
    );
    if (result.ok) return result;
    if (result.reason === 'rate-limited') throw rateLimited(result.retryAfterMs);
    throw new AppError('UNAUTHENTICATED', 'auth.invalidCredentials');
  }

  /** Tells the owner of an account of repeated failed sign-ins (at most once an hour, across instances). */
  private async warnOwner(user: UserRow, failures: number): Promise<void> {
    try {
      if (!(await this.deps.limits.once(`mail:${user.id}`, WARNING_MAIL_EVERY_MS))) return;
      await this.deps
        .mailer()
        .send(failedSignInsMail({ to: user.email, locale: user.locale, failures, accountUrl: this.deps.accountUrl }));
    } catch (err) {
      this.deps.onError(err, 'warning mail about failed sign-ins');
    }
  }

  /**
   * Signs in: a new session (its cookie value is shown once) and the browser's device cookie (kept
   * from a valid one, so the device stays the same device).
   */
  async login(
    email: string,
    password: string,
    from: Origin,
  ): Promise<{ user: PublicUser; cookie: string; session: Session; deviceCookie: string }> {
    const { user, deviceId } = await this.checkPassword(email, password, from);
    const { cookie, session } = await this.deps.sessions.create(user.id, { ip: from.ip, userAgent: from.userAgent });
    await audit(this.db, {
      actorId: user.id,
      action: 'auth.login',
      subjectType: 'user',
      subjectId: user.id,
      details: { via: 'session', knownDevice: deviceId !== null },
      ip: from.ip,
    });
    const deviceCookie = issueDeviceCookie(this.deps.device.secret, user.id, deviceId);
    return { user: toPublicUser(user), cookie, session, deviceCookie };
  }

  /** The signed-in person (401 when the account is gone). */
  async me(userId: string): Promise<PublicUser> {
    const user = await repo.findUserById(this.db, userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'auth.required');
    return toPublicUser(user);
  }

  async logout(userId: string, sessionId: string, ip: string): Promise<void> {
    await this.deps.sessions.destroy(sessionId);
    await audit(this.db, { actorId: userId, action: 'auth.logout', subjectType: 'user', subjectId: userId, ip });
    await this.deps.revocations.publish({ type: 'credentials-revoked', userId, sessionIds: [sessionId] });
  }

  /** Ends every session of the person (bearer tokens are revoked one by one). */
  async logoutAll(userId: string, ip: string): Promise<void> {
    const ended = await this.deps.sessions.destroyAll(userId);
    await audit(this.db, {
      actorId: userId,
      action: 'auth.logout_all',
      subjectType: 'user',
      subjectId: userId,
      details: { sessions: ended },
      ip,
    });
    await this.deps.revocations.publish({ type: 'credentials-revoked', userId, all: true });
  }

  /**
   * Changes one's own password. Every other session of the person ends (`keepSessionId` stays) and every
   * bearer token is revoked; the connections they opened close (this instance's before the answer).
   */
  async changePassword(userId: string, keepSessionId: string | null, current: string, next: string, ip: string): Promise<void> {
    const user = await repo.findUserById(this.db, userId);
    if (!user || !(await verifyPassword(user.password_hash, current)))
      throw new AppError('UNAUTHENTICATED', 'auth.wrongCurrentPassword');
    await setPassword(this.db, userId, next);
    const ended = await this.deps.sessions.destroyOthers(userId, keepSessionId ?? '');
    const tokenIds = await this.deps.tokens.revokeAll(userId);
    await audit(this.db, {
      actorId: userId,
      action: 'auth.password_changed',
      subjectType: 'user',
      subjectId: userId,
      details: { sessionsEnded: ended.length, tokensRevoked: tokenIds.length },
      ip,
    });
    if (ended.length || tokenIds.length)
      await this.deps.revocations.publish({ type: 'credentials-revoked', userId, sessionIds: ended, tokenIds });
  }

  searchUsers(q: string | undefined, limit: number): Promise<UserListItem[]> {
    return repo.searchUsers(this.db, q ?? '', limit);
  }

  /** A bearer token for the account behind e-mail and password (counts as a sign-in attempt). */
  async createToken(email: string, password: string, name: string | undefined, from: Origin): Promise<TokenResponse> {
    const { user } = await this.checkPassword(email, password, from);
    const ip = from.ip;
    const created = await this.deps.tokens.create(user.id, name ?? '');
    await audit(this.db, { actorId: user.id, action: 'auth.token_created', subjectType: 'api_token', subjectId: created.id, ip });
    return created;
  }

  listTokens(userId: string): Promise<ApiTokenInfo[]> {
    return this.deps.tokens.list(userId);
  }

  async revokeToken(userId: string, tokenId: string, ip: string): Promise<void> {
    if (!(await this.deps.tokens.revoke(userId, tokenId))) throw new AppError('NOT_FOUND', 'token.notFound');
    await audit(this.db, { actorId: userId, action: 'auth.token_revoked', subjectType: 'api_token', subjectId: tokenId, ip });
    await this.deps.revocations.publish({ type: 'credentials-revoked', userId, tokenId });
  }
}
