/** All SQL of accounts: users, sessions and bearer tokens. */
import type { AccountRole, Locale } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

// ── users ──

export interface UserRow {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  password_hash: string | null;
  staff: boolean;
  /** The account's roles (migration 009; kept in accounts/roles-repo.ts). */
  roles: AccountRole[];
}

const USER_COLUMNS = 'id, email, name, locale, password_hash, staff, roles';

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from users where lower(email) = lower($1)`, [email]);
  return rows[0] ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function insertUser(
  db: Queryable,
  u: {
    id: string;
    email: string;
    name: string;
    locale: Locale;
    passwordHash: string | null;
    staff: boolean;
    roles: AccountRole[];
  },
): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `insert into users (id, email, name, locale, password_hash, staff, roles) values ($1, $2, $3, $4, $5, $6, $7) returning ${USER_COLUMNS}`,
    [u.id, u.email, u.name, u.locale, u.passwordHash, u.staff, u.roles],
  );
  return rows[0];
}

export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('update users set password_hash = $2 where id = $1', [userId, passwordHash]);
}

/** Accounts whose name or e-mail contains `q` (LIKE wildcards in `q` match literally), by name. */
export async function searchUsers(
  db: Queryable,
  q: string,
  limit: number,
): Promise<{ id: string; name: string; email: string; staff: boolean }[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const { rows } = await db.query<{ id: string; name: string; email: string; staff: boolean }>(
    `select id, name, email, staff from users where name ilike $1 or email ilike $1 order by name limit $2`,
    [pattern, limit],
  );
  return rows;
}

// ── sessions ──

export interface SessionRow {
  user_id: string;
  csrf_token: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
}

export async function insertSession(
  db: Queryable,
  s: { id: string; userId: string; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.query(`insert into sessions (id, user_id, csrf_token, expires_at, ip, user_agent) values ($1, $2, $3, $4, $5, $6)`, [
    s.id,
    s.userId,
    s.csrfToken,
    s.expiresAt.toISOString(),
    s.ip,
    s.userAgent,
  ]);
}

export async function findSession(db: Queryable, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    'select user_id, csrf_token, expires_at, last_seen_at from sessions where id = $1',
    [id],
  );
  return rows[0] ?? null;
}

export async function touchSession(db: Queryable, id: string): Promise<void> {
  await db.query('update sessions set last_seen_at = now() where id = $1', [id]);
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query('delete from sessions where id = $1', [id]);
}

/** Ends every session of the user; how many there were. */
export async function deleteSessionsOf(db: Queryable, userId: string): Promise<number> {
  const res = await db.query('delete from sessions where user_id = $1', [userId]);
  return res.rowCount;
}

/** Ends every session of the user but one; the ids of the ended ones. */
export async function deleteOtherSessions(db: Queryable, userId: string, keepId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('delete from sessions where user_id = $1 and id <> $2 returning id', [
    userId,
    keepId,
  ]);
  return rows.map((r) => r.id);
}

// ── bearer tokens ──

export interface TokenRow {
  id: string;
  name: string;
  user_id: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
}

export async function insertToken(
  db: Queryable,
  t: { id: string; userId: string; tokenHash: string; name: string },
): Promise<void> {
  await db.query('insert into api_tokens (id, user_id, token_hash, name) values ($1, $2, $3, $4)', [
    t.id,
    t.userId,
    t.tokenHash,
    t.name,
  ]);
}

/** A live (unrevoked) token by its hash. */
export async function findLiveToken(db: Queryable, tokenHash: string): Promise<TokenRow | null> {
  const { rows } = await db.query<TokenRow>(
    'select id, name, user_id, created_at, last_used_at from api_tokens where token_hash = $1 and revoked_at is null',
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function touchToken(db: Queryable, id: string): Promise<void> {
  await db.query('update api_tokens set last_used_at = now() where id = $1', [id]);
}

export async function liveTokensOf(db: Queryable, userId: string): Promise<TokenRow[]> {
  const { rows } = await db.query<TokenRow>(
    'select id, name, user_id, created_at, last_used_at from api_tokens where user_id = $1 and revoked_at is null order by created_at',
    [userId],
  );
  return rows;
}

/** Revokes every live token of the user; the ids of the revoked ones. */
export async function revokeTokensOf(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null returning id',
    [userId],
  );
  return rows.map((r) => r.id);
}

/** Revokes one of the user's live tokens; false when there is none with that id. */
export async function revokeToken(db: Queryable, userId: string, id: string): Promise<boolean> {
  const res = await db.query('update api_tokens set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null', [
    id,
    userId,
  ]);
  return res.rowCount > 0;
}
