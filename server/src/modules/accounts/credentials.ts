import { AppError } from '../../platform/errors.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { audit } from '../activity/audit.ts';
import type { TokenStore } from './api-tokens.ts';
import { emailChangeMail, passwordResetMail } from './credential-mail.ts';
import * as repo from './credentials-repo.ts';
import type { LimitStore } from './limit-store.ts';
import { verifyPassword } from './passwords.ts';
import type { Revocations } from './revocation.ts';
import { randomToken, secretHash } from './secrets.ts';
import type { SessionStore } from './sessions.ts';
import { findUserByEmail, findUserById, setPassword } from './users.ts';
import { hasLink } from './sso/repo.ts';

/** A mailed link is valid this long. */
export const LINK_VALID_MS = 3_600_000;
/** Requests are counted per hour. */
const WINDOW_MS = 3_600_000;
/** E-mail change links a person may ask for per hour. */
const EMAIL_CHANGES_PER_HOUR = 5;

export interface CredentialDeps {
  sessions: SessionStore;
  tokens: TokenStore;
  revocations: Revocations;
  /** Where the counts live (the sign-in limits' store: Redis, or memory). */
  store: LimitStore;
  limits: { maxPerAddress: number; maxPerIp: number };
  /** HMAC key of stored link secrets (SESSION_SECRET). */
  secret: string;
  /** Read at send time (tests swap the mailer of a running app). */
  mailer: () => Mailer;
  publicUrl: string;
  onError: (err: unknown, what: string) => void;
}

/**
 * Password reset by e-mail and e-mail change (issue 14). A reset request gets the same answer and does
 * the same work for known and unknown addresses (the mail is sent after the answer), and is counted
 * per address and per client IP alike. Using a reset link ends every session and revokes every bearer
 * token of the account; confirming a new address ends every other session and token. Both go through
 * {@link Revocations}, so the connections those credentials opened close too.
 */
export class CredentialService {
  constructor(
    private readonly db: Database,
    private readonly deps: CredentialDeps,
  ) {}

  private async count(key: string, max: number): Promise<void> {
    const n = await this.deps.store.incr(key, WINDOW_MS, false);
    if (n <= max) return;
    const { ttlMs } = await this.deps.store.count(key);
    const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
    throw new AppError('RATE_LIMITED', 'passwordReset.rateLimited', { seconds, minutes: Math.ceil(seconds / 60) });
  }

  /** Mails a reset link when the address has an account; otherwise the same work without a row or mail. */
  async requestReset(email: string, ip: string): Promise<void> {
    const address = email.trim().toLowerCase();
    await this.count(`pwreset:ip:${ip}`, this.deps.limits.maxPerIp);
    await this.count(`pwreset:addr:${address}`, this.deps.limits.maxPerAddress);
    const found = await findUserByEmail(this.db, address);
    // An account made by single sign-on has no password and gets none by mail: it signs in at the city's
    // identity provider only, so that a person removed there (from staff) cannot keep a way in here.
    const user = found && found.password_hash === null && (await hasLink(this.db, found.id)) ? null : found;
    const token = randomToken();
    const tokenHash = secretHash(this.deps.secret, token);
    if (!user) {
      await repo.probeResetToken(this.db, tokenHash);
      await audit(this.db, {
        actorId: null,
        action: 'auth.password_reset_requested',
        subjectType: 'email',
        subjectId: address,
        ip,
      });
      return;
    }
    await repo.insertResetToken(this.db, { tokenHash, userId: user.id, validMs: LINK_VALID_MS });
    await audit(this.db, {
      actorId: null,
      action: 'auth.password_reset_requested',
      subjectType: 'email',
      subjectId: address,
      ip,
    });
    const url = `${this.deps.publicUrl}/passwort-zuruecksetzen/${token}`;
    // After the answer: how long a mail server takes must not tell known addresses apart.
    void this.deps
      .mailer()
      .send(passwordResetMail({ to: user.email, locale: user.locale, url }))
      .catch((err: unknown) => this.deps.onError(err, 'password reset mail'));
  }

  /** Sets the new password with a reset link (once); every session ends and every bearer token is revoked. */
  async confirmReset(token: string, password: string, ip: string): Promise<void> {
    const userId = await this.db.transaction((tx) => repo.useResetToken(tx, secretHash(this.deps.secret, token)));
    if (!userId) throw new AppError('GONE', 'passwordReset.invalid');
    await setPassword(this.db, userId, password);
    const ended = await this.deps.sessions.destroyAll(userId);
    const tokenIds = await this.deps.tokens.revokeAll(userId);
    await audit(this.db, {
      actorId: userId,
      action: 'auth.password_reset',
      subjectType: 'user',
      subjectId: userId,
      details: { sessionsEnded: ended, tokensRevoked: tokenIds.length },
      ip,
    });
    await this.deps.revocations.publish({ type: 'credentials-revoked', userId, all: true, tokenIds });
  }

  /** Mails a confirmation link to the new address (after checking the password). */
  async requestEmailChange(userId: string, newEmail: string, password: string, ip: string): Promise<void> {
    const user = await findUserById(this.db, userId);
    if (!user || !(await verifyPassword(user.password_hash, password)))
      throw new AppError('UNAUTHENTICATED', 'auth.wrongCurrentPassword');
    await this.count(`emailchange:${userId}`, EMAIL_CHANGES_PER_HOUR);
    const address = newEmail.trim().toLowerCase();
    await audit(this.db, {
      actorId: userId,
      action: 'auth.email_change_requested',
      subjectType: 'user',
      subjectId: userId,
      ip,
    });
    // An address of another account gets no link: the answer is the same, so it reveals no account.
    if (await repo.emailTaken(this.db, address, userId)) return;
    const token = randomToken();
    await repo.insertEmailChange(this.db, {
      tokenHash: secretHash(this.deps.secret, token),
      userId,
      newEmail: address,
      validMs: LINK_VALID_MS,
    });
    const url = `${this.deps.publicUrl}/email-bestaetigen/${token}`;
    void this.deps
      .mailer()
      .send(emailChangeMail({ to: address, name: user.name, locale: user.locale, url }))
      .catch((err: unknown) => this.deps.onError(err, 'e-mail change mail'));
  }

  /**
   * Switches the address with the link mailed to it (once). The session that confirms stays when it is
   * the account's own; every other session ends and every bearer token is revoked.
   */
  async confirmEmailChange(token: string, keepSessionId: string | null, actorId: string | null, ip: string): Promise<string> {
    const change = await this.db.transaction(async (tx) => {
      const c = await repo.useEmailChange(tx, secretHash(this.deps.secret, token));
      if (!c) return null;
      if (await repo.emailTaken(tx, c.newEmail, c.userId)) throw new AppError('CONFLICT', 'emailChange.taken');
      await repo.updateEmail(tx, c.userId, c.newEmail);
      return c;
    });
    if (!change) throw new AppError('GONE', 'emailChange.invalid');
    const { userId, newEmail } = change;
    const keep = actorId === userId ? keepSessionId : null;
    const ended = keep ? await this.deps.sessions.destroyOthers(userId, keep) : null;
    const endedAll = keep ? 0 : await this.deps.sessions.destroyAll(userId);
    const tokenIds = await this.deps.tokens.revokeAll(userId);
    await audit(this.db, {
      actorId: userId,
      action: 'auth.email_changed',
      subjectType: 'user',
      subjectId: userId,
      details: { sessionsEnded: ended ? ended.length : endedAll, tokensRevoked: tokenIds.length },
      ip,
    });
    await this.deps.revocations.publish(
      ended
        ? { type: 'credentials-revoked', userId, sessionIds: ended, tokenIds }
        : { type: 'credentials-revoked', userId, all: true, tokenIds },
    );
    return newEmail;
  }
}
