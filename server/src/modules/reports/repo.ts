/** All SQL of the city reports (issue 20). */
import type { Queryable } from '../../platform/db/database.ts';
import type { QuarterOption, StagingRow } from './aggregate.ts';

/**
 * Stagings: plans approved, published or done (not deleted) with the latest approved copy of their
 * schedule and the disciplines approved with it. The relational copy is read, never the Yjs document.
 * `quarters` narrows to city quarters (empty: all).
 */
export async function stagingRows(db: Queryable, quarters: readonly string[]): Promise<StagingRow[]> {
  const params: unknown[] = [];
  let where = `p.status in ('approved', 'published', 'done') and p.deleted_at is null`;
  if (quarters.length) {
    params.push(quarters);
    where += ' and s.quarter_id = any($1::text[])';
  }
  const { rows } = await db.query<{
    plan_id: string;
    storefront_id: string;
    quarter_id: string;
    schedule: unknown;
    disciplines: unknown;
  }>(
    `select p.id as plan_id, s.id as storefront_id, s.quarter_id, a.schedule, a.meta -> 'disciplines' as disciplines
       from plans p
       join storefronts s on s.id = p.storefront_id
       join lateral (select schedule, meta from approvals a where a.plan_id = p.id and a.decision = 'approved'
                      order by a.id desc limit 1) a on true
      where ${where} and s.quarter_id is not null`,
    params,
  );
  return rows.map((r) => ({
    planId: r.plan_id,
    storefrontId: r.storefront_id,
    quarterId: r.quarter_id,
    schedule: r.schedule,
    disciplines: r.disciplines,
  }));
}

export async function quarterOptions(db: Queryable): Promise<QuarterOption[]> {
  const { rows } = await db.query<QuarterOption>('select id, name, established from quarters order by name, id');
  return rows;
}

/** Cancelled public entries of these plans, as `${planId}/${entryId}`. */
export async function cancelledOf(db: Queryable, planIds: string[]): Promise<Set<string>> {
  if (!planIds.length) return new Set();
  const { rows } = await db.query<{ plan_id: string; entry_id: string }>(
    'select plan_id, entry_id from cancelled_entries where plan_id = any($1::text[])',
    [planIds],
  );
  return new Set(rows.map((r) => `${r.plan_id}/${r.entry_id}`));
}

/** Recorded visitors of these plans' entries, by `${planId}/${entryId}`. */
export async function visitorsOf(db: Queryable, planIds: string[]): Promise<Map<string, number>> {
  if (!planIds.length) return new Map();
  const { rows } = await db.query<{ plan_id: string; entry_id: string; visitors: number }>(
    'select plan_id, entry_id, visitors from attendance where plan_id = any($1::text[])',
    [planIds],
  );
  return new Map(rows.map((r) => [`${r.plan_id}/${r.entry_id}`, Number(r.visitors)]));
}
