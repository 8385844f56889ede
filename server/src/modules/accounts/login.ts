import type { Queryable } from '../../platform/db/database.ts';
import { audit } from '../activity/audit.ts';
import type { LimitStore } from './limit-store.ts';
import { verifyPassword } from './passwords.ts';
import { findUserByEmail, type UserRow } from './users.ts';

/** How long an account's failures are remembered after the last one (then its backoff starts over). */
const FAILURES_KEPT_MS = 24 * 3_600_000;

export interface LoginLimitSettings {
  /** Failures per account (or device) before the backoff starts. */
  maxFailures: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Failures per client IP and window before every attempt from it waits for the window's end. */
  maxFailuresPerIp: number;
  ipWindowMs: number;
}

/**
 * The sign-in limits, on a {@link LimitStore} (Redis, or memory when Redis is unavailable).
 *
 * - Per account (or per device cookie): after `maxFailures` failures the account is not locked but
 *   slowed down. The next attempt is checked only `backoffBaseMs` after the last failure, and each
 *   further failure doubles that wait, up to `backoffMaxMs`. An attempt that is let through holds the
 *   slot while it is checked, so parallel guesses do not slip through together. A success ends it.
 * - Per client IP: `maxFailuresPerIp` failures in a fixed window of `ipWindowMs`, then 429 until the
 *   window ends.
 */
export class LoginLimits {
  constructor(
    readonly store: LimitStore,
    readonly settings: LoginLimitSettings,
  ) {}

  /** The wait after the `n`-th failure (0 below the threshold). */
  waitAfter(n: number): number {
    const { maxFailures, backoffBaseMs, backoffMaxMs } = this.settings;
    if (n < maxFailures) return 0;
    return Math.min(backoffBaseMs * 2 ** Math.min(n - maxFailures, 40), backoffMaxMs);
  }

  /** 0 when an attempt for `key` may be checked now (and it holds the slot), else the ms to wait. */
  async backoffWait(key: string): Promise<number> {
    const { n } = await this.store.count(key);
    if (n < this.settings.maxFailures) return 0;
    const left = await this.store.held(`${key}:wait`);
    if (left > 0) return left;
    if (await this.store.claim(`${key}:wait`, this.waitAfter(n))) return 0;
    return Math.max(1, await this.store.held(`${key}:wait`));
  }

  /** Counts a failure for `key`; returns the count. */
  async backoffFail(key: string): Promise<number> {
    const n = await this.store.incr(key, FAILURES_KEPT_MS, true);
    const wait = this.waitAfter(n);
    if (wait > 0) await this.store.hold(`${key}:wait`, wait);
    return n;
  }

  async backoffReset(key: string): Promise<void> {
    await this.store.del(key, `${key}:wait`);
  }

  /** 0 when the client IP may try, else the ms until its window ends. */
  async ipWait(key: string): Promise<number> {
    const { n, ttlMs } = await this.store.count(key);
    return n >= this.settings.maxFailuresPerIp ? Math.max(1, ttlMs) : 0;
  }

  async ipFail(key: string): Promise<void> {
    await this.store.incr(key, this.settings.ipWindowMs, false);
  }

  /** True at most once per `ttlMs` for `key` (e.g. one warning mail per account and hour). */
  once(key: string, ttlMs: number): Promise<boolean> {
    return this.store.claim(key, ttlMs);
  }
}

export type LoginResult =
  | { ok: true; user: UserRow; deviceId: string | null }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterMs: number };

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  /** The device id of the request's device cookie when it is valid for this account, else null. */
  deviceOf?: (userId: string) => string | null;
}

/**
 * Checks a password sign-in. Only failures count. From one IP, too many failures in a window refuse
 * every further attempt until the window ends. For one account they slow the next attempt down
 * (exponential backoff); a browser with a valid device cookie for the account is counted on its own
 * instead, so an attacker cannot keep the owner out. `onRepeatedFailures` hears of an existing
 * account's failures once they reach the backoff (the owner is told). Both outcomes are audited; the
 * password is never logged or stored.
 */
export async function attemptLogin(
  db: Queryable,
  limits: LoginLimits,
  input: LoginInput,
  onRepeatedFailures?: (user: UserRow, failures: number) => void,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const ipKey = `ip:${input.ip}`;
  const refused = async (retryAfterMs: number): Promise<LoginResult> => {
    await audit(db, {
      actorId: null,
      action: 'auth.login_failed',
      subjectType: 'email',
      subjectId: email,
      details: { reason: 'rate-limited' },
      ip: input.ip,
    });
    return { ok: false, reason: 'rate-limited', retryAfterMs };
  };

  const ipWait = await limits.ipWait(ipKey);
  if (ipWait > 0) return refused(ipWait);
  const user = await findUserByEmail(db, email);
  const deviceId = user && input.deviceOf ? input.deviceOf(user.id) : null;
  // Unknown addresses are counted like known ones: the limits reveal no account.
  const key = deviceId ? `dev:${deviceId}` : `acct:${email}`;
  const wait = await limits.backoffWait(key);
  if (wait > 0) return refused(wait);

  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!ok || !user) {
    const [failures] = await Promise.all([limits.backoffFail(key), limits.ipFail(ipKey)]);
    await audit(db, {
      actorId: null,
      action: 'auth.login_failed',
      subjectType: 'email',
      subjectId: email,
      details: { reason: 'invalid' },
      ip: input.ip,
    });
    if (user && !deviceId && failures >= limits.settings.maxFailures) onRepeatedFailures?.(user, failures);
    return { ok: false, reason: 'invalid' };
  }
  await limits.backoffReset(key);
  return { ok: true, user, deviceId };
}
