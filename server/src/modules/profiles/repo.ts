/** All SQL of creative profiles (issue 17, migration 023). */
import type { Queryable } from '../../platform/db/database.ts';

/** A stored file of the portrait (the cleaned original or one width). */
export interface StoredPortraitVariant {
  name: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
  key: string;
}

export interface StoredPortrait {
  hash: string;
  width: number;
  height: number;
  placeholder: string | null;
  dominantColor: string | null;
  variants: StoredPortraitVariant[];
}

export interface ProfileRow {
  id: string;
  user_id: string;
  slug: string;
  display_name: string;
  disciplines: string[];
  bio: string;
  website: string | null;
  links: string[];
  published: boolean;
  published_at: Date | string | null;
  moderated_at: Date | string | null;
  portrait: StoredPortrait | null;
  updated_at: Date | string;
}

export interface StagingRow {
  user_id: string;
  plan_id: string;
  title: string;
  storefront: string;
  quarter_name: string | null;
  quarter_slug: string | null;
}

const SELECT = `select id, user_id, slug, display_name, disciplines, bio, website, links, published, published_at,
    moderated_at, portrait, updated_at from profiles`;

/**
 * Published stagings: plans that are published now (not deleted) where the person is a designer member.
 * Memberships of any other plan never leave this module.
 */
const STAGINGS = `select m.user_id, p.id as plan_id, p.title, s.title as storefront, q.name as quarter_name, q.slug as quarter_slug
    from plan_members m
    join plans p on p.id = m.plan_id
    join storefronts s on s.id = p.storefront_id
    left join quarters q on q.id = s.quarter_id
   where m.role = 'designer' and p.status = 'published' and p.deleted_at is null`;

export interface NewProfile {
  id: string;
  userId: string;
  slug: string;
  displayName: string;
  disciplines: string[];
  bio: string;
  website: string | null;
  links: string[];
}

/** Inserts the profile; 'slug' when the slug is taken, 'user' when the account has one already. */
export async function insertProfile(db: Queryable, p: NewProfile): Promise<'ok' | 'slug' | 'user'> {
  const { rows } = await db.query<{ id: string }>(
    `insert into profiles (id, user_id, slug, display_name, disciplines, bio, website, links)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb)
     on conflict do nothing returning id`,
    [p.id, p.userId, p.slug, p.displayName, JSON.stringify(p.disciplines), p.bio, p.website, JSON.stringify(p.links)],
  );
  if (rows.length) return 'ok';
  return (await profileOfUser(db, p.userId)) ? 'user' : 'slug';
}

export async function profileById(db: Queryable, id: string): Promise<ProfileRow | undefined> {
  return (await db.query<ProfileRow>(`${SELECT} where id = $1`, [id])).rows[0];
}

export async function profileOfUser(db: Queryable, userId: string): Promise<ProfileRow | undefined> {
  return (await db.query<ProfileRow>(`${SELECT} where user_id = $1`, [userId])).rows[0];
}

/** The profile behind a slug, only while it is published. */
export async function publishedBySlug(db: Queryable, slug: string): Promise<ProfileRow | undefined> {
  return (await db.query<ProfileRow>(`${SELECT} where slug = $1 and published`, [slug])).rows[0];
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (await db.query('select 1 from profiles where slug = $1', [slug])).rows.length > 0;
}

export async function updateProfile(
  db: Queryable,
  id: string,
  p: Pick<NewProfile, 'displayName' | 'disciplines' | 'bio' | 'website' | 'links'>,
): Promise<void> {
  await db.query(
    `update profiles set display_name = $2, disciplines = $3::jsonb, bio = $4, website = $5, links = $6::jsonb, updated_at = now()
     where id = $1`,
    [id, p.displayName, JSON.stringify(p.disciplines), p.bio, p.website, JSON.stringify(p.links)],
  );
}

export async function setPublished(db: Queryable, id: string, published: boolean, moderatedBy: string | null): Promise<void> {
  await db.query(
    published
      ? `update profiles set published = true, published_at = now(), moderated_at = null, moderated_by = null, updated_at = now() where id = $1`
      : `update profiles set published = false, moderated_at = case when $2::text is null then moderated_at else now() end,
           moderated_by = coalesce($2, moderated_by), updated_at = now() where id = $1`,
    published ? [id] : [id, moderatedBy],
  );
}

/** Sets (or clears) the portrait; returns the one it replaced. Call inside a transaction. */
export async function setPortrait(tx: Queryable, id: string, portrait: StoredPortrait | null): Promise<StoredPortrait | null> {
  const { rows } = await tx.query<{ portrait: StoredPortrait | null }>('select portrait from profiles where id = $1 for update', [
    id,
  ]);
  await tx.query('update profiles set portrait = $2::jsonb, updated_at = now() where id = $1', [
    id,
    portrait === null ? null : JSON.stringify(portrait),
  ]);
  return rows[0]?.portrait ?? null;
}

export async function stagingsOf(db: Queryable, userIds: string[]): Promise<StagingRow[]> {
  if (!userIds.length) return [];
  return (await db.query<StagingRow>(`${STAGINGS} and m.user_id = any($1::text[]) order by p.updated_at desc, p.id`, [userIds]))
    .rows;
}

/** Published profiles matching the filters, by name, one page; and how many match. */
export async function listPublished(
  db: Queryable,
  f: { discipline?: string; quarter?: string; limit: number; offset: number },
): Promise<{ rows: ProfileRow[]; total: number }> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['published'];
  if (f.discipline) where.push(`disciplines @> ${p(JSON.stringify([f.discipline]))}::jsonb`);
  if (f.quarter) {
    where.push(
      `exists (select 1 from (${STAGINGS}) st where st.user_id = profiles.user_id and st.quarter_slug = ${p(f.quarter)})`,
    );
  }
  const filter = where.join(' and ');
  const total = await db.query<{ n: number }>(`select count(*)::int as n from profiles where ${filter}`, params);
  const { rows } = await db.query<ProfileRow>(
    `${SELECT} where ${filter} order by lower(display_name), id limit ${p(f.limit)} offset ${p(f.offset)}`,
    params,
  );
  return { rows, total: Number(total.rows[0]?.n ?? 0) };
}

/** Slugs of every published profile (for a sitemap). */
export async function publishedSlugs(db: Queryable): Promise<{ slug: string; updated_at: Date | string }[]> {
  return (
    await db.query<{ slug: string; updated_at: Date | string }>(
      'select slug, updated_at from profiles where published order by slug',
    )
  ).rows;
}

/** Quarters where a published profile's person had a published staging, by name. */
export async function directoryQuarters(db: Queryable): Promise<{ name: string; slug: string }[]> {
  return (
    await db.query<{ name: string; slug: string }>(
      `select distinct st.quarter_name as name, st.quarter_slug as slug
         from (${STAGINGS}) st join profiles pr on pr.user_id = st.user_id and pr.published
        where st.quarter_slug is not null
        order by 1, 2`,
    )
  ).rows;
}

export async function deleteProfile(db: Queryable, id: string): Promise<void> {
  await db.query('delete from profiles where id = $1', [id]);
}
