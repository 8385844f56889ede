import type { Queryable } from '../../platform/db/database.ts';
import * as repo from './repo.ts';
import { randomToken, secretHash } from './secrets.ts';

export interface SessionOptions {
  secret: string;
  /** A session ends after this long without use. */
  idleMs: number;
  /** A session ends this long after sign-in, however active. */
  absoluteMs: number;
}

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** last_seen_at is written at most this often, so reads do not turn every request into a write. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side sessions in PostgreSQL. The cookie holds a random secret; the row's id is its HMAC.
 * A session is valid while `now < expires_at` (absolute) and `now < last_seen_at + idle`.
 */
export class SessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly opts: SessionOptions,
  ) {}

  /** Starts a session; returns the cookie value (shown once) and the session. */
  async create(userId: string, meta: { ip?: string; userAgent?: string } = {}): Promise<{ cookie: string; session: Session }> {
    const cookie = randomToken();
    const id = secretHash(this.opts.secret, cookie);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(Date.now() + this.opts.absoluteMs);
    await repo.insertSession(this.db, {
      id,
      userId,
      csrfToken,
      expiresAt,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    return { cookie, session: { id, userId, csrfToken, expiresAt } };
  }

  /** The live session behind a cookie value, or null (unknown, idle too long, or past its end). */
  async resolve(cookie: string): Promise<Session | null> {
    const id = secretHash(this.opts.secret, cookie);
    const row = await repo.findSession(this.db, id);
    if (!row) return null;
    const now = Date.now();
    const expiresAt = new Date(row.expires_at);
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (now >= expiresAt.getTime() || now >= lastSeen + this.opts.idleMs) {
      await repo.deleteSession(this.db, id);
      return null;
    }
    if (now - lastSeen > TOUCH_EVERY_MS) {
      await repo.touchSession(this.db, id);
    }
    return { id, userId: row.user_id, csrfToken: row.csrf_token, expiresAt };
  }

  /** Whether the session with this id is still live (a re-check of open connections; not a use). */
  async alive(id: string): Promise<boolean> {
    const row = await repo.findSession(this.db, id);
    if (!row) return false;
    const now = Date.now();
    return now < new Date(row.expires_at).getTime() && now < new Date(row.last_seen_at).getTime() + this.opts.idleMs;
  }

  async destroy(id: string): Promise<void> {
    await repo.deleteSession(this.db, id);
  }

  /** Logout everywhere: every session of the user; returns how many ended. */
  async destroyAll(userId: string): Promise<number> {
    return repo.deleteSessionsOf(this.db, userId);
  }

  /** Every session of the user but `keepId` (a password change); the ids of the ended ones. */
  destroyOthers(userId: string, keepId: string): Promise<string[]> {
    return repo.deleteOtherSessions(this.db, userId, keepId);
  }
}
