import type { Queryable } from '@planner/server';

/**
 * The test's own reading of the catalogue (independent of the server's export code): every column that
 * refers to an account — a foreign key to users.id, or a text column named like one (`user_id`, `*_by`,
 * `author_id`, `actor_id`, `owner_id`, `lead_id`) — grouped by table.
 */
export async function userColumns(db: Queryable): Promise<Map<string, string[]>> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `select c.conrelid::regclass::text as table_name, a.attname as column_name
       from pg_constraint c
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and c.confrelid = 'users'::regclass
        and c.connamespace = (select oid from pg_namespace where nspname = current_schema())
     union
     select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and c.data_type = 'text'
        and (c.column_name in ('user_id', 'author_id', 'actor_id', 'owner_id', 'lead_id') or c.column_name like '%\\_by')`,
  );
  const byTable = new Map<string, string[]>();
  for (const r of rows) {
    const table = r.table_name.replace(/^.*\./, '').replace(/"/g, '');
    byTable.set(table, [...(byTable.get(table) ?? []), r.column_name]);
  }
  return byTable;
}

/** Every column that holds text: text, varchar, char, json(b) and arrays, as `table.column`. */
export async function textColumns(db: Queryable): Promise<{ table: string; column: string }[]> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema()
        and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.data_type = 'ARRAY')
      order by 1, 2`,
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
