/**
 * All SQL of the data export (issue 20). The tables are not listed by hand: every column that refers to
 * an account (a foreign key to `users.id`, or a text column named like one: `user_id`, `*_by`,
 * `author_id`, `actor_id`, `owner_id`, `lead_id`) is found in the catalogue at export time, so a table
 * added later is exported without anyone remembering to add it here. Secrets are left out by column
 * name ({@link SECRET_COLUMNS}) and binary columns by type (document states, not readable data).
 */
import type { Queryable } from '../../platform/db/database.ts';

/** Columns never exported: password and token hashes, CSRF secrets, the provider's id token, session ids (HMACs of the cookie). */
export const SECRET_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  '*': ['password_hash', 'token_hash', 'csrf_token', 'id_token'],
  sessions: ['id'],
};

/** Column names that refer to an account even without a foreign key. */
const USER_COLUMN_NAME = `(column_name in ('user_id', 'author_id', 'actor_id', 'owner_id', 'lead_id') or column_name like '%\\_by')`;

export interface UserTable {
  table: string;
  columns: string[];
  /** Columns left out of the export (secrets, binary data). */
  omitted: string[];
}

/** Every table of the current schema with a column that refers to an account, and what to leave out of each. */
export async function userTables(db: Queryable): Promise<UserTable[]> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `select kcu.table_name, kcu.column_name
       from information_schema.referential_constraints rc
       join information_schema.key_column_usage kcu
         on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
       join information_schema.key_column_usage ref
         on ref.constraint_name = rc.unique_constraint_name and ref.constraint_schema = rc.unique_constraint_schema
        and ref.ordinal_position = kcu.position_in_unique_constraint
      where kcu.constraint_schema = current_schema() and ref.table_name = 'users' and ref.column_name = 'id'
     union
     select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and data_type = 'text' and ${USER_COLUMN_NAME}
        and table_name in (select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE')
     order by 1, 2`,
  );
  const binary = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type = 'bytea'`,
  );
  const tables = new Map<string, UserTable>();
  for (const r of rows) {
    if (r.table_name === 'users') continue;
    let t = tables.get(r.table_name);
    if (!t) {
      const omitted = [...SECRET_COLUMNS['*'], ...(SECRET_COLUMNS[r.table_name] ?? [])];
      omitted.push(...binary.rows.filter((b) => b.table_name === r.table_name).map((b) => b.column_name));
      t = { table: r.table_name, columns: [], omitted };
      tables.set(r.table_name, t);
    }
    t.columns.push(r.column_name);
  }
  return [...tables.values()];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The table's rows that refer to the user (in any of its user columns), as JSON objects without the omitted columns. */
export async function rowsOf(db: Queryable, t: UserTable, userId: string): Promise<Record<string, unknown>[]> {
  const where = t.columns.map((c) => `t.${ident(c)} = $1`).join(' or ');
  const { rows } = await db.query<{ row: Record<string, unknown> }>(
    `select to_jsonb(t) - $2::text[] as row from ${ident(t.table)} t where ${where}`,
    [userId, t.omitted],
  );
  return rows.map((r) => r.row);
}

/** The account itself, without its password hash. */
export async function accountRow(db: Queryable, userId: string): Promise<Record<string, unknown> | null> {
  const { rows } = await db.query<{ row: Record<string, unknown> }>(
    `select (to_jsonb(u) - 'password_hash') || jsonb_build_object('has_password', u.password_hash is not null) as row
       from users u where u.id = $1`,
    [userId],
  );
  return rows[0]?.row ?? null;
}

/** Invitations addressed to the user's e-mail address (not yet linked to the account), without token hashes. */
export async function invitationsTo(db: Queryable, email: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ row: Record<string, unknown> }>(
    `select to_jsonb(i) - 'token_hash' as row from invitations i where lower(i.email) = lower($1)`,
    [email],
  );
  return rows.map((r) => r.row);
}

/** The stored original of each attachment the user uploaded. */
export async function uploadedFiles(
  db: Queryable,
  userId: string,
): Promise<{ id: string; planId: string; fileName: string; key: string | null }[]> {
  const { rows } = await db.query<{ id: string; plan_id: string; file_name: string; key: string | null }>(
    `select a.id, a.plan_id, a.file_name,
            (select v ->> 'key' from jsonb_array_elements(a.variants) v where v ->> 'name' = 'original' limit 1) as key
       from plan_attachments a where a.uploaded_by = $1 order by a.created_at, a.id`,
    [userId],
  );
  return rows.map((r) => ({ id: r.id, planId: r.plan_id, fileName: r.file_name, key: r.key }));
}
