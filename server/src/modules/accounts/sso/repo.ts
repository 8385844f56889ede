/** SQL of single sign-on: the (issuer, subject) links of accounts and the ID tokens of sessions (migration 017). */
import type { AccountRole } from '@planner/shared';
import type { Queryable } from '../../../platform/db/database.ts';

/** The account linked to the provider's subject, if any. */
export async function findLinkedUser(db: Queryable, issuer: string, subject: string): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string }>(
    'update oidc_links set last_login_at = now() where issuer = $1 and subject = $2 returning user_id',
    [issuer, subject],
  );
  return rows[0]?.user_id ?? null;
}

export async function insertLink(db: Queryable, issuer: string, subject: string, userId: string): Promise<void> {
  await db.query('insert into oidc_links (issuer, subject, user_id) values ($1, $2, $3)', [issuer, subject, userId]);
}

/** Links (issuer, subject) to the account unless the subject is linked already; whether it linked. */
export async function insertLinkIfFree(db: Queryable, issuer: string, subject: string, userId: string): Promise<boolean> {
  const res = await db.query(
    'insert into oidc_links (issuer, subject, user_id) values ($1, $2, $3) on conflict (issuer, subject) do nothing',
    [issuer, subject, userId],
  );
  return res.rowCount === 1;
}

/** Whether the account is linked to a service account of an identity provider. */
export async function hasLink(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from oidc_links where user_id = $1 limit 1', [userId]);
  return rows.length > 0;
}

/** Sets the account's roles and the staff flag that goes with them. */
export async function setRoles(db: Queryable, userId: string, roles: AccountRole[]): Promise<void> {
  await db.query('update users set roles = $2, staff = $3 where id = $1', [userId, roles, roles.includes('staff')]);
}

export async function insertSessionToken(db: Queryable, sessionId: string, issuer: string, idToken: string): Promise<void> {
  await db.query('insert into oidc_sessions (session_id, issuer, id_token) values ($1, $2, $3)', [sessionId, issuer, idToken]);
}

/** The ID token of a session started by single sign-on; null for a password session. */
export async function findSessionToken(db: Queryable, sessionId: string): Promise<{ issuer: string; idToken: string } | null> {
  const { rows } = await db.query<{ issuer: string; id_token: string }>(
    'select issuer, id_token from oidc_sessions where session_id = $1',
    [sessionId],
  );
  return rows[0] ? { issuer: rows[0].issuer, idToken: rows[0].id_token } : null;
}
