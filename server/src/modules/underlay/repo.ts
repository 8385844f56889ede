/** All SQL of the floor-plan underlay (issue 17). */
import type { Queryable } from '../../platform/db/database.ts';

export interface UnderlayRow {
  id: string;
  storefront_id: string;
  content_type: string;
  file_name: string;
  size_bytes: number;
  state: 'processing' | 'ready' | 'failed';
  failure_key: string | null;
  image_key: string | null;
  image_type: string | null;
  image_bytes: number | null;
  width: number | null;
  height: number | null;
  p1_x: number | null;
  p1_y: number | null;
  p2_x: number | null;
  p2_y: number | null;
  distance_cm: number | null;
  rotation_deg: number;
  offset_x_cm: number;
  offset_y_cm: number;
  opacity: number;
  updated_at: Date | string;
}

const SELECT = `select id, storefront_id, content_type, file_name, size_bytes::float8 as size_bytes, state, failure_key,
    image_key, image_type, image_bytes::float8 as image_bytes, width, height, p1_x, p1_y, p2_x, p2_y, distance_cm,
    rotation_deg, offset_x_cm, offset_y_cm, opacity, updated_at
  from storefront_underlays`;

export async function underlayOf(db: Queryable, storefrontId: string): Promise<UnderlayRow | null> {
  const { rows } = await db.query<UnderlayRow>(`${SELECT} where storefront_id = $1`, [storefrontId]);
  return rows[0] ?? null;
}

export async function underlayById(db: Queryable, id: string): Promise<UnderlayRow | null> {
  const { rows } = await db.query<UnderlayRow>(`${SELECT} where id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * Makes `u` the storefront's underlay, keeping the placement (rotation, offset, opacity) of the one it
 * replaces, under a lock on the storefront's row; returns the replaced underlay's id, or undefined when
 * the storefront does not exist. Call inside a transaction.
 */
export async function replaceUnderlay(
  tx: Queryable,
  u: { id: string; storefrontId: string; contentType: string; fileName: string; bytes: number; uploadedBy: string | null },
): Promise<{ replaced: string | null } | undefined> {
  const { rows: sf } = await tx.query('select id from storefronts where id = $1 for update', [u.storefrontId]);
  if (!sf.length) return undefined;
  const { rows: old } = await tx.query<{
    id: string;
    rotation_deg: number;
    offset_x_cm: number;
    offset_y_cm: number;
    opacity: number;
  }>('delete from storefront_underlays where storefront_id = $1 returning id, rotation_deg, offset_x_cm, offset_y_cm, opacity', [
    u.storefrontId,
  ]);
  const keep = old[0];
  await tx.query(
    `insert into storefront_underlays (id, storefront_id, content_type, file_name, size_bytes, uploaded_by,
       rotation_deg, offset_x_cm, offset_y_cm, opacity)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      u.id,
      u.storefrontId,
      u.contentType,
      u.fileName,
      u.bytes,
      u.uploadedBy,
      keep?.rotation_deg ?? 0,
      keep?.offset_x_cm ?? 0,
      keep?.offset_y_cm ?? 0,
      keep?.opacity ?? 0.5,
    ],
  );
  return { replaced: keep?.id ?? null };
}

/** Records the served image of a processing underlay; false when it is gone (replaced or removed). */
export async function markReady(
  db: Queryable,
  id: string,
  img: { key: string; contentType: string; bytes: number; width: number; height: number },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update storefront_underlays set state = 'ready', failure_key = null, image_key = $2, image_type = $3, image_bytes = $4,
       width = $5, height = $6, updated_at = now()
     where id = $1 and state = 'processing'`,
    [id, img.key, img.contentType, img.bytes, img.width, img.height],
  );
  return (rowCount ?? 0) > 0;
}

export async function markFailed(db: Queryable, id: string, key: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update storefront_underlays set state = 'failed', failure_key = $2, updated_at = now() where id = $1 and state = 'processing'`,
    [id, key],
  );
  return (rowCount ?? 0) > 0;
}

export interface CalibrationUpdate {
  scale?: { p1: { x: number; y: number }; p2: { x: number; y: number }; distanceCm: number } | null;
  rotationDeg?: number;
  offsetXCm?: number;
  offsetYCm?: number;
  opacity?: number;
}

/** Changes the given parts of the calibration; false when the underlay is gone. */
export async function updateCalibration(db: Queryable, id: string, c: CalibrationUpdate): Promise<boolean> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (c.scale !== undefined) {
    set('p1_x', c.scale?.p1.x ?? null);
    set('p1_y', c.scale?.p1.y ?? null);
    set('p2_x', c.scale?.p2.x ?? null);
    set('p2_y', c.scale?.p2.y ?? null);
    set('distance_cm', c.scale?.distanceCm ?? null);
  }
  if (c.rotationDeg !== undefined) set('rotation_deg', c.rotationDeg);
  if (c.offsetXCm !== undefined) set('offset_x_cm', c.offsetXCm);
  if (c.offsetYCm !== undefined) set('offset_y_cm', c.offsetYCm);
  if (c.opacity !== undefined) set('opacity', c.opacity);
  sets.push('updated_at = now()');
  const { rowCount } = await db.query(`update storefront_underlays set ${sets.join(', ')} where id = $1`, values);
  return (rowCount ?? 0) > 0;
}

/** Deletes the storefront's underlay; returns its id, or null when there was none. */
export async function deleteUnderlay(db: Queryable, storefrontId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('delete from storefront_underlays where storefront_id = $1 returning id', [
    storefrontId,
  ]);
  return rows[0]?.id ?? null;
}

export async function processingIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`select id from storefront_underlays where state = 'processing'`);
  return rows.map((r) => r.id);
}

/**
 * The role the person holds in a plan at this storefront that is not deleted (designer before staff
 * before owner), or null: who may read the storefront's underlay as a plan member.
 */
export async function memberRoleAt(
  db: Queryable,
  storefrontId: string,
  userId: string,
): Promise<'designer' | 'owner' | 'staff' | null> {
  const { rows } = await db.query<{ role: 'designer' | 'owner' | 'staff' }>(
    `select m.role from plans p join plan_members m on m.plan_id = p.id
     where p.storefront_id = $1 and m.user_id = $2 and p.deleted_at is null
     order by case m.role when 'designer' then 0 when 'staff' then 1 else 2 end limit 1`,
    [storefrontId, userId],
  );
  return rows[0]?.role ?? null;
}

/** Who hears of a change: the storefront's plans (not deleted) and its owner. */
export async function audienceOf(db: Queryable, storefrontId: string): Promise<{ planIds: string[]; ownerId: string | null }> {
  const { rows } = await db.query<{ id: string }>('select id from plans where storefront_id = $1 and deleted_at is null', [
    storefrontId,
  ]);
  const { rows: sf } = await db.query<{ owner_id: string | null }>('select owner_id from storefronts where id = $1', [
    storefrontId,
  ]);
  return { planIds: rows.map((r) => r.id), ownerId: sf[0]?.owner_id ?? null };
}
