import { randomUUID } from 'node:crypto';
import type { AccountRole, Locale, PublicUser } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { hashPassword } from './passwords.ts';
import { rolesOfNewAccount } from './roles.ts';
import { findUserByEmail, findUserById, insertUser, updatePasswordHash, type UserRow } from './repo.ts';

export { findUserByEmail, findUserById, type UserRow };

export function toPublicUser(u: UserRow): PublicUser {
  return { id: u.id, email: u.email, name: u.name, locale: u.locale, staff: u.staff, roles: u.roles };
}

export interface NewUser {
  email: string;
  name: string;
  password?: string;
  staff?: boolean;
  locale?: Locale;
  /** The account's roles; by default staff for staff, else designer (see accounts/roles.ts). */
  roles?: AccountRole[];
}

/** Creates an account; the e-mail is stored lower-case. Throws on a duplicate e-mail (unique index). */
export async function createUser(db: Queryable, u: NewUser): Promise<UserRow> {
  return insertUser(db, {
    id: randomUUID(),
    email: u.email.trim().toLowerCase(),
    name: u.name.trim(),
    locale: u.locale ?? 'de',
    passwordHash: u.password ? await hashPassword(u.password) : null,
    staff: u.staff ?? false,
    roles: rolesOfNewAccount(u),
  });
}

export async function setPassword(db: Queryable, userId: string, password: string): Promise<void> {
  await updatePasswordHash(db, userId, await hashPassword(password));
}
