/** SQL of password reset and e-mail change links (migration 014). Only HMACs of the links' secrets are stored. */
import type { Queryable } from '../../platform/db/database.ts';

export async function insertResetToken(db: Queryable, t: { tokenHash: string; userId: string; validMs: number }): Promise<void> {
  await db.query(
    `insert into password_reset_tokens (token_hash, user_id, created_at, expires_at)
     values ($1, $2, now(), now() + ($3::int * interval '1 millisecond'))`,
    [t.tokenHash, t.userId, t.validMs],
  );
}

/** The same reads as for a known address, without a row to write (an unknown address takes as long). */
export async function probeResetToken(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('select 1 from password_reset_tokens where token_hash = $1', [tokenHash]);
}

/**
 * Uses a reset link: marks it (and every other open link of the account) used, once; the account, or
 * null when the link is unknown, used or expired.
 */
export async function useResetToken(db: Queryable, tokenHash: string): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string }>(
    `update password_reset_tokens set used_at = now()
      where token_hash = $1 and used_at is null and expires_at > now() returning user_id`,
    [tokenHash],
  );
  const userId = rows[0]?.user_id;
  if (!userId) return null;
  await db.query('update password_reset_tokens set used_at = now() where user_id = $1 and used_at is null', [userId]);
  return userId;
}

export async function insertEmailChange(
  db: Queryable,
  t: { tokenHash: string; userId: string; newEmail: string; validMs: number },
): Promise<void> {
  await db.query(
    `insert into email_change_tokens (token_hash, user_id, new_email, created_at, expires_at)
     values ($1, $2, $3, now(), now() + ($4::int * interval '1 millisecond'))`,
    [t.tokenHash, t.userId, t.newEmail, t.validMs],
  );
}

/** Uses an e-mail change link once; the account and its new address, or null. */
export async function useEmailChange(db: Queryable, tokenHash: string): Promise<{ userId: string; newEmail: string } | null> {
  const { rows } = await db.query<{ user_id: string; new_email: string }>(
    `update email_change_tokens set used_at = now()
      where token_hash = $1 and used_at is null and expires_at > now() returning user_id, new_email`,
    [tokenHash],
  );
  return rows[0] ? { userId: rows[0].user_id, newEmail: rows[0].new_email } : null;
}

/** Whether another account has this address. */
export async function emailTaken(db: Queryable, email: string, exceptUserId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from users where lower(email) = lower($1) and id <> $2', [email, exceptUserId]);
  return rows.length > 0;
}

export async function updateEmail(db: Queryable, userId: string, email: string): Promise<void> {
  await db.query('update users set email = $2 where id = $1', [userId, email]);
}
