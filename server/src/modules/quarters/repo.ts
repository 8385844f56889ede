/** All SQL of the quarters. */
import type { Quarter } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

/** Inserts a quarter; false when the slug is taken. */
export async function insertQuarter(db: Queryable, q: Quarter, established = false): Promise<boolean> {
  const res = await db.query(
    'insert into quarters (id, name, slug, established) values ($1, $2, $3, $4) on conflict (slug) do nothing',
    [q.id, q.name, q.slug, established],
  );
  return res.rowCount > 0;
}

export async function listQuarters(db: Queryable): Promise<Quarter[]> {
  const { rows } = await db.query<Quarter>('select id, name, slug from quarters order by name');
  return rows;
}

export async function quarterExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from quarters where id = $1', [id]);
  return rows.length > 0;
}
