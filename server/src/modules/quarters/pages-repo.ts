/** The SQL of quarter pages (pages.ts). */
import type { QuarterPage, QuarterPatch } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

export interface QuarterRow {
  id: string;
  name: string;
  slug: string;
  description: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  established: boolean;
}

/** A quarter by slug or id (a slug match wins); null when there is none. */
export async function findQuarter(db: Queryable, key: string): Promise<QuarterRow | null> {
  const { rows } = await db.query<QuarterRow>(
    `select id, name, slug, description, contact_name, contact_email, contact_phone, established from quarters
      where slug = $1 or id = $1 order by (slug = $1) desc limit 1`,
    [key],
  );
  return rows[0] ?? null;
}

/** The quarter's storefronts, by title. */
export async function quarterStorefronts(db: Queryable, quarterId: string): Promise<QuarterPage['storefronts'][number][]> {
  const { rows } = await db.query<QuarterPage['storefronts'][number]>(
    'select id, title, address, status from storefronts where quarter_id = $1 order by title, id',
    [quarterId],
  );
  return rows;
}

const COLUMNS: Record<keyof QuarterPatch, string> = {
  name: 'name',
  description: 'description',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
  established: 'established',
};

/** Writes the patch's defined fields to the quarter (nothing when none is defined). */
export async function updateQuarter(db: Queryable, quarterId: string, patch: QuarterPatch): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [quarterId];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    values.push(v);
    sets.push(`${COLUMNS[k as keyof QuarterPatch]} = $${values.length}`);
  }
  if (sets.length) await db.query(`update quarters set ${sets.join(', ')} where id = $1`, values);
}
