import { randomUUID } from 'node:crypto';
import type { Locale, PublicUser } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { hashPassword } from './passwords.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  password_hash: string | null;
  staff: boolean;
}

export function toPublicUser(u: UserRow): PublicUser {
  return { id: u.id, email: u.email, name: u.name, locale: u.locale, staff: u.staff };
}

const columns = 'id, email, name, locale, password_hash, staff';

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${columns} from users where lower(email) = lower($1)`, [email]);
  return rows[0] ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${columns} from users where id = $1`, [id]);
  return rows[0] ?? null;
}

export interface NewUser {
  email: string;
  name: string;
  password?: string;
  staff?: boolean;
  locale?: Locale;
}

/** Creates an account; the e-mail is stored lower-case. Throws on a duplicate e-mail (unique index). */
export async function createUser(db: Queryable, u: NewUser): Promise<UserRow> {
  const id = randomUUID();
  const passwordHash = u.password ? await hashPassword(u.password) : null;
  const { rows } = await db.query<UserRow>(
    `insert into users (id, email, name, locale, password_hash, staff) values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
    [id, u.email.trim().toLowerCase(), u.name.trim(), u.locale ?? 'de', passwordHash, u.staff ?? false],
  );
  return rows[0];
}

export async function setPassword(db: Queryable, userId: string, password: string): Promise<void> {
  await db.query('update users set password_hash = $2 where id = $1', [userId, await hashPassword(password)]);
}
