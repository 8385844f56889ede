import fastifyCookie from '@fastify/cookie';
import type { IncomingHttpHeaders } from 'node:http';
import type { AccountRole, Locale } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import type { SessionStore } from './sessions.ts';
import type { TokenStore } from './api-tokens.ts';
import { findUserById } from './repo.ts';

/** Cookie names. The CSRF cookie is readable by scripts on purpose (double submit). */
export const SESSION_COOKIE = 'kq_session';
export const CSRF_COOKIE = 'kq_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The person behind a request, and how they proved it. */
export interface RequestActor {
  userId: string;
  staff: boolean;
  /** The account's roles (staff, owner, designer): the matrix column is role plus relationship. */
  roles: readonly AccountRole[];
  name: string;
  email: string;
  locale: Locale;
  via: 'session' | 'token';
  /** Set when `via` is `session`. */
  sessionId?: string;
  csrfToken?: string;
  /** Set when `via` is `token`. */
  tokenId?: string;
}

export interface CredentialSource {
  headers: IncomingHttpHeaders;
  /** `?token=` (websocket upgrades and socket.io, which cannot set headers in browsers). */
  queryToken?: string | null;
  /** socket.io's `auth.token`. */
  authToken?: string | null;
}

export function bearerOf(headers: IncomingHttpHeaders): string | null {
  const h = headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

export function sessionCookieOf(headers: IncomingHttpHeaders): string | null {
  const raw = headers.cookie;
  if (!raw) return null;
  return fastifyCookie.parse(raw)[SESSION_COOKIE] || null;
}

/**
 * Resolves who is asking, from (in this order) `Authorization: Bearer`, socket.io's `auth.token`,
 * `?token=`, the session cookie. A presented but invalid credential yields null (anonymous), never a
 * fallback to a weaker one.
 */
export class ActorResolver {
  constructor(
    private readonly db: Queryable,
    private readonly sessions: SessionStore,
    private readonly tokens: TokenStore,
  ) {}

  async resolve(src: CredentialSource): Promise<RequestActor | null> {
    const token = bearerOf(src.headers) ?? src.authToken ?? src.queryToken ?? null;
    if (token) {
      const t = await this.tokens.resolve(token);
      if (!t) return null;
      const user = await this.user(t.userId);
      return user && { ...user, via: 'token', tokenId: t.id };
    }
    const cookie = sessionCookieOf(src.headers);
    if (!cookie) return null;
    const s = await this.sessions.resolve(cookie);
    if (!s) return null;
    const user = await this.user(s.userId);
    return user && { ...user, via: 'session', sessionId: s.id, csrfToken: s.csrfToken };
  }

  private async user(id: string) {
    const u = await findUserById(this.db, id);
    return u ? { userId: u.id, staff: u.staff, roles: u.roles, name: u.name, email: u.email, locale: u.locale } : null;
  }
}
