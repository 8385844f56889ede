/** All SQL of the texts staff maintain for public pages (the privacy page). */
import type { PrivacyText } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

type Key = 'privacy';

export async function readSiteText(db: Queryable, key: Key): Promise<PrivacyText> {
  const { rows } = await db.query<{ body: string; updated_at: Date | string }>(
    'select body, updated_at from site_texts where key = $1',
    [key],
  );
  const r = rows[0];
  return { body: r?.body ?? '', updatedAt: r ? new Date(r.updated_at).toISOString() : null };
}

export async function writeSiteText(db: Queryable, key: Key, body: string, userId: string): Promise<PrivacyText> {
  const { rows } = await db.query<{ body: string; updated_at: Date | string }>(
    `insert into site_texts (key, body, updated_by) values ($1, $2, $3)
     on conflict (key) do update set body = excluded.body, updated_by = excluded.updated_by, updated_at = now()
     returning body, updated_at`,
    [key, body, userId],
  );
  return { body: rows[0].body, updatedAt: new Date(rows[0].updated_at).toISOString() };
}
