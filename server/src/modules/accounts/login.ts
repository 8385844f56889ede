import type { Queryable } from '../../platform/db/database.ts';
import { audit } from '../activity/audit.ts';
import { verifyPassword } from './passwords.ts';
import { findUserByEmail, type UserRow } from './users.ts';

/** Counts failures per key within a window (backed by @fastify/rate-limit's store, see plugins/auth.ts). */
export interface FailureLimiter {
  /** True when the key has used up its failures in the current window. */
  blocked(key: string): Promise<boolean>;
  fail(key: string): Promise<void>;
}

export type LoginResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'rate-limited' };

/**
 * Checks a password sign-in. Only failures count: after `max` wrong passwords for one account (or from
 * one IP) within the window every further attempt is refused, the right password included, until the
 * window ends. Both outcomes are audited; the password is never logged or stored.
 */
export async function attemptLogin(
  db: Queryable,
  limits: { perAccount: FailureLimiter; perIp: FailureLimiter },
  input: { email: string; password: string; ip: string },
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `acct:${email}`;
  const ipKey = `ip:${input.ip}`;
  if ((await limits.perAccount.blocked(accountKey)) || (await limits.perIp.blocked(ipKey))) {
    await audit(db, {
      actorId: null,
      action: 'auth.login_failed',
      subjectType: 'email',
      subjectId: email,
      details: { reason: 'rate-limited' },
      ip: input.ip,
    });
    return { ok: false, reason: 'rate-limited' };
  }
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!ok || !user) {
    await Promise.all([limits.perAccount.fail(accountKey), limits.perIp.fail(ipKey)]);
    await audit(db, {
      actorId: null,
      action: 'auth.login_failed',
      subjectType: 'email',
      subjectId: email,
      details: { reason: 'invalid' },
      ip: input.ip,
    });
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, user };
}
