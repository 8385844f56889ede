/** All SQL of the storefront registry. */
import type { Paged, Storefront, StorefrontCreate } from '@planner/shared';
import { BOOKING_STATUSES } from '@planner/shared/checks/index';
import type { Queryable } from '../../platform/db/database.ts';

export interface Row {
  id: string;
  quarter_id: string;
  quarter_name: string;
  owner_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  title: string;
  address: string;
  lat: number;
  lng: number;
  area_m2: number;
  frontage_cm: number;
  window_width_cm: number;
  outline: Storefront['outline'];
  doors: Storefront['doors'];
  power: Storefront['power'];
  water: boolean;
  toilet: boolean;
  heating: boolean;
  step_free: boolean;
  max_occupancy: number | null;
  availability: Storefront['availability'];
  house_rules: string[];
  key_handover_notes: string;
  status: Storefront['status'];
  consent_required?: boolean;
  updated_at: Date | string;
  total?: number;
}

const SELECT = `select s.*, q.name as quarter_name, u.name as owner_name, u.email as owner_email
  from storefronts s
  left join quarters q on q.id = s.quarter_id
  left join users u on u.id = s.owner_id`;

/** The registry row as the API shows it; owner contacts only when `withOwner`. */
export function toStorefront(r: Row, withOwner: boolean): Storefront {
  return {
    id: r.id,
    quarterId: r.quarter_id,
    quarterName: r.quarter_name,
    title: r.title,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    areaM2: r.area_m2,
    frontageCm: r.frontage_cm,
    windowWidthCm: r.window_width_cm,
    outline: r.outline,
    doors: r.doors,
    power: r.power,
    water: r.water,
    toilet: r.toilet,
    heating: r.heating,
    stepFree: r.step_free,
    maxOccupancy: r.max_occupancy,
    availability: r.availability,
    houseRules: r.house_rules,
    keyHandoverNotes: withOwner ? r.key_handover_notes : '',
    status: r.status,
    ownerId: r.owner_id,
    owner: withOwner && r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '', email: r.owner_email ?? '' } : null,
    consentRequired: r.consent_required ?? true,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const COLUMNS: Record<keyof StorefrontCreate, { column: string; json?: boolean }> = {
  quarterId: { column: 'quarter_id' },
  title: { column: 'title' },
  address: { column: 'address' },
  lat: { column: 'lat' },
  lng: { column: 'lng' },
  areaM2: { column: 'area_m2' },
  frontageCm: { column: 'frontage_cm' },
  windowWidthCm: { column: 'window_width_cm' },
  outline: { column: 'outline', json: true },
  doors: { column: 'doors', json: true },
  power: { column: 'power', json: true },
  water: { column: 'water' },
  toilet: { column: 'toilet' },
  heating: { column: 'heating' },
  stepFree: { column: 'step_free' },
  maxOccupancy: { column: 'max_occupancy' },
  availability: { column: 'availability', json: true },
  houseRules: { column: 'house_rules', json: true },
  keyHandoverNotes: { column: 'key_handover_notes' },
  status: { column: 'status' },
  ownerId: { column: 'owner_id' },
  consentRequired: { column: 'consent_required' },
};

export function assignments(patch: Partial<StorefrontCreate>, startAt: number) {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const col = COLUMNS[key as keyof StorefrontCreate];
    if (!col || value === undefined) continue;
    values.push(col.json ? JSON.stringify(value) : value);
    sets.push(`${col.column} = $${startAt + values.length - 1}${col.json ? '::jsonb' : ''}`);
  }
  return { sets, values };
}

export async function userExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from users where id = $1', [id]);
  return rows.length > 0;
}

export async function insertStorefront(db: Queryable, id: string, input: StorefrontCreate): Promise<void> {
  const { sets, values } = assignments(input, 2);
  const cols = sets.map((s) => s.split(' = ')[0]);
  const params = sets.map((s) => s.split(' = ')[1]);
  await db.query(`insert into storefronts (id, ${cols.join(', ')}) values ($1, ${params.join(', ')})`, [id, ...values]);
}

/** Changes the named fields; false when there is no such storefront. */
export async function updateStorefront(db: Queryable, id: string, patch: Partial<StorefrontCreate>): Promise<boolean> {
  const { sets, values } = assignments(patch, 2);
  if (!sets.length) return true;
  const res = await db.query(`update storefronts set ${sets.join(', ')}, updated_at = now() where id = $1`, [id, ...values]);
  return res.rowCount > 0;
}

export async function getStorefront(db: Queryable, id: string, withOwner: boolean): Promise<Storefront | null> {
  const { rows } = await db.query<Row>(`${SELECT} where s.id = $1`, [id]);
  return rows[0] ? toStorefront(rows[0], withOwner) : null;
}

/** The storefront's owner: undefined when there is no such storefront. */
export async function ownerOf(db: Queryable, id: string): Promise<string | null | undefined> {
  const { rows } = await db.query<{ owner_id: string | null }>('select owner_id from storefronts where id = $1', [id]);
  return rows[0] ? rows[0].owner_id : undefined;
}

/** Whether the person is a member of a plan at this storefront. */
export async function memberOfPlanAt(db: Queryable, storefrontId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from plans p join plan_members m on m.plan_id = p.id where p.storefront_id = $1 and m.user_id = $2 limit 1`,
    [storefrontId, userId],
  );
  return rows.length > 0;
}

export interface StorefrontFilter {
  quarter?: string;
  status?: Storefront['status'];
  freeFrom?: string;
  freeTo?: string;
  minArea?: number;
  limit: number;
  offset: number;
}

/**
 * Lists storefronts. "Free in [from, to)" means: one availability window covers the range, and no plan
 * that holds the storefront (submitted, approved, published) has a schedule overlapping it.
 */
export async function listStorefronts(
  db: Queryable,
  f: StorefrontFilter,
  withOwner: (s: { ownerId: string | null }) => boolean,
): Promise<Paged<Storefront>> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.quarter) where.push(`s.quarter_id = ${p(f.quarter)}`);
  if (f.status) where.push(`s.status = ${p(f.status)}`);
  if (f.minArea !== undefined) where.push(`s.area_m2 >= ${p(f.minArea)}`);
  if (f.freeFrom && f.freeTo) {
    const from = p(f.freeFrom);
    const to = p(f.freeTo);
    where.push(`exists (select 1 from jsonb_array_elements(s.availability) w
      where (w->>'start')::timestamptz <= ${from}::timestamptz and (w->>'end')::timestamptz >= ${to}::timestamptz)`);
    where.push(`not exists (select 1 from plans pl where pl.storefront_id = s.id
      and pl.status = any(${p(BOOKING_STATUSES)})
      and pl.schedule_start < ${to}::timestamptz and pl.schedule_end > ${from}::timestamptz)`);
  }
  const sql = `${SELECT} ${where.length ? 'where ' + where.join(' and ') : ''}`;
  const { rows } = await db.query<Row>(
    `select *, count(*) over ()::int as total from (${sql}) x order by quarter_name, title limit ${p(f.limit)} offset ${p(f.offset)}`,
    params,
  );
  return {
    items: rows.map((r) => toStorefront(r, withOwner({ ownerId: r.owner_id }))),
    total: rows[0]?.total ?? (f.offset > 0 ? await countOnly(db, sql, params.slice(0, -2)) : 0),
    limit: f.limit,
    offset: f.offset,
  };
}

async function countOnly(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params);
  return rows[0].n;
}
