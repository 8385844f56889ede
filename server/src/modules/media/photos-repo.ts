/** All SQL of storefront photos (issue 17). */
import type { Queryable } from '../../platform/db/database.ts';
import type { StoredVariant } from './repo.ts';

export interface PhotoRow {
  id: string;
  storefront_id: string;
  kind: 'interior' | 'facade' | 'window';
  caption: string;
  position: number;
  is_public: boolean;
  content_type: string;
  file_name: string;
  size_bytes: number;
  state: 'processing' | 'ready' | 'failed';
  failure_key: string | null;
  width: number | null;
  height: number | null;
  placeholder: string | null;
  dominant_color: string | null;
  variants: StoredVariant[];
  public_hash: string | null;
  created_at: Date | string;
}

const SELECT = `select id, storefront_id, kind, caption, position, is_public, content_type, file_name,
    size_bytes::float8 as size_bytes, state, failure_key, width, height, placeholder, dominant_color, variants, public_hash, created_at
  from storefront_photos`;

/** Adds a photo at the end of the storefront's gallery. */
export async function insertPhoto(
  db: Queryable,
  p: {
    id: string;
    storefrontId: string;
    kind: string;
    contentType: string;
    fileName: string;
    bytes: number;
    uploadedBy: string | null;
  },
): Promise<void> {
  await db.query(
    `insert into storefront_photos (id, storefront_id, kind, content_type, file_name, size_bytes, uploaded_by, position)
     values ($1, $2, $3, $4, $5, $6, $7,
       (select coalesce(max(position) + 1, 0) from storefront_photos where storefront_id = $2))`,
    [p.id, p.storefrontId, p.kind, p.contentType, p.fileName, p.bytes, p.uploadedBy],
  );
}

export async function photosOf(db: Queryable, storefrontId: string, publicOnly: boolean): Promise<PhotoRow[]> {
  return (
    await db.query<PhotoRow>(
      `${SELECT} where storefront_id = $1 ${publicOnly ? `and is_public and state = 'ready'` : ''} order by position, created_at, id`,
      [storefrontId],
    )
  ).rows;
}

export async function photoRow(db: Queryable, storefrontId: string, id: string): Promise<PhotoRow | undefined> {
  return (await db.query<PhotoRow>(`${SELECT} where storefront_id = $1 and id = $2`, [storefrontId, id])).rows[0];
}

export async function photoById(db: Queryable, id: string): Promise<PhotoRow | undefined> {
  return (await db.query<PhotoRow>(`${SELECT} where id = $1`, [id])).rows[0];
}

export async function updatePhoto(
  db: Queryable,
  storefrontId: string,
  id: string,
  patch: { kind?: string; caption?: string; public?: boolean },
): Promise<boolean> {
  const { rows } = await db.query(
    `update storefront_photos set kind = coalesce($3, kind), caption = coalesce($4, caption),
       is_public = coalesce($5, is_public), updated_at = now()
     where storefront_id = $1 and id = $2 returning id`,
    [storefrontId, id, patch.kind ?? null, patch.caption ?? null, patch.public ?? null],
  );
  return rows.length > 0;
}

/** Sets the order; false (nothing changed) unless `ids` are exactly the storefront's photos. Call in a transaction. */
export async function reorder(tx: Queryable, storefrontId: string, ids: string[]): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>('select id from storefront_photos where storefront_id = $1 for update', [
    storefrontId,
  ]);
  const current = new Set(rows.map((r) => r.id));
  if (current.size !== ids.length || new Set(ids).size !== ids.length || !ids.every((id) => current.has(id))) return false;
  await tx.query(
    `update storefront_photos s set position = o.ord - 1, updated_at = now()
       from unnest($2::text[]) with ordinality as o(id, ord)
      where s.storefront_id = $1 and s.id = o.id`,
    [storefrontId, ids],
  );
  return true;
}

export async function deletePhoto(db: Queryable, storefrontId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from storefront_photos where storefront_id = $1 and id = $2 returning id', [
    storefrontId,
    id,
  ]);
  return rows.length > 0;
}

export async function processingPhotoIds(db: Queryable): Promise<string[]> {
  return (
    await db.query<{ id: string }>(`select id from storefront_photos where state = 'processing' order by created_at`)
  ).rows.map((r) => r.id);
}

export async function markPhotoReady(
  db: Queryable,
  id: string,
  r: { width: number; height: number; placeholder: string; dominantColor: string; variants: StoredVariant[]; publicHash: string },
): Promise<void> {
  await db.query(
    `update storefront_photos set state = 'ready', failure_key = null, width = $2, height = $3, placeholder = $4,
       dominant_color = $5, variants = $6::jsonb, public_hash = $7, updated_at = now()
     where id = $1`,
    [id, r.width, r.height, r.placeholder, r.dominantColor, JSON.stringify(r.variants), r.publicHash],
  );
}

export async function markPhotoFailed(db: Queryable, id: string, failureKey: string): Promise<void> {
  await db.query(`update storefront_photos set state = 'failed', failure_key = $2, updated_at = now() where id = $1`, [
    id,
    failureKey,
  ]);
}

/** The served variants of a public, ready photo by its hash. */
export async function publicPhotoVariants(db: Queryable, hash: string): Promise<StoredVariant[] | undefined> {
  const { rows } = await db.query<{ variants: StoredVariant[] }>(
    `select variants from storefront_photos where public_hash = $1 and is_public and state = 'ready' limit 1`,
    [hash],
  );
  return rows[0]?.variants;
}

/** For each plan, the first public photo of its storefront (gallery order). */
export async function firstPublicPhotosOfPlans(
  db: Queryable,
  planIds: string[],
): Promise<(PhotoRow & { plan_id: string; storefront_title: string })[]> {
  if (!planIds.length) return [];
  return (
    await db.query<PhotoRow & { plan_id: string; storefront_title: string }>(
      `select distinct on (p.id) p.id as plan_id, s.variants, s.public_hash, s.caption, s.width, s.height, f.title as storefront_title
         from plans p join storefront_photos s on s.storefront_id = p.storefront_id join storefronts f on f.id = p.storefront_id
        where p.id = any($1) and s.is_public and s.state = 'ready' and s.public_hash is not null
        order by p.id, s.position, s.created_at, s.id`,
      [planIds],
    )
  ).rows;
}

/**
 * The actor's strongest membership role in any (not deleted) plan in the storefront: members of its plans
 * may see its private photos.
 */
export async function planRoleInStorefront(db: Queryable, storefrontId: string, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ role: string }>(
    `select m.role from plan_members m join plans p on p.id = m.plan_id
      where p.storefront_id = $1 and m.user_id = $2 and p.deleted_at is null
      order by case m.role when 'designer' then 0 when 'staff' then 1 else 2 end
      limit 1`,
    [storefrontId, userId],
  );
  return rows[0]?.role ?? null;
}

/** Whether the storefront still exists (the photo files of one that is gone are purged). */
export async function storefrontExists(db: Queryable, storefrontId: string): Promise<boolean> {
  return (await db.query('select 1 from storefronts where id = $1', [storefrontId])).rows.length > 0;
}
