/** All SQL of the public web: plans whose entries have (or had) a public page, and the quarters. */
import type { NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { Queryable } from '../../platform/db/database.ts';

export interface PublicPlanRow {
  plan_id: string;
  plan_title: string;
  status: string;
  storefront_title: string;
  address: string;
  lat: number;
  lng: number;
  step_free: boolean;
  toilet: boolean;
  quarter_name: string;
  quarter_slug: string;
  /** When the approved copy was decided: the last change of what the public sees of the plan. */
  decided_at: Date | string;
  schedule: NormalisedScheduleEntry[];
  meta: { title?: string; publicDescription?: string };
}

/**
 * Plans with public pages, with the approved copy of their schedule: the published (and completed)
 * ones, and those with cancelled entries (cancelled one by one, or un-published after they were public),
 * whose pages stay and say so. `quarter` (slug) limits them to one quarter. `endsAfter` (instant, ms)
 * leaves out plans whose approved copy ends before it (approvals.span, migration 031; an unknown span is kept).
 */
export async function publicPlans(db: Queryable, f: { quarter?: string; endsAfter?: number } = {}): Promise<PublicPlanRow[]> {
  const params: unknown[] = [];
  const where = [
    'p.deleted_at is null',
    `(p.status in ('published', 'done') or exists (select 1 from cancelled_entries c where c.plan_id = p.id))`,
  ];
  if (f.quarter) {
    params.push(f.quarter);
    where.push(`q.slug = $${params.length}`);
  }
  if (f.endsAfter !== undefined) {
    params.push(`["${new Date(f.endsAfter).toISOString()}",]`);
    where.push(`(a.span is null or a.span && $${params.length}::tstzrange)`);
  }
  const { rows } = await db.query<PublicPlanRow>(
    `select p.id as plan_id, p.title as plan_title, p.status, s.title as storefront_title, s.address, s.lat, s.lng,
            s.step_free, s.toilet, q.name as quarter_name, q.slug as quarter_slug, a.decided_at, a.schedule, a.meta
       from plans p
       join storefronts s on s.id = p.storefront_id
       join quarters q on q.id = s.quarter_id
       join lateral (select schedule, meta, decided_at, span from approvals a
                      where a.plan_id = p.id and a.decision = 'approved' order by a.id desc limit 1) a on true
      where ${where.join(' and ')}`,
    params,
  );
  return rows;
}

/** `plan/entry` keys of the cancelled entries of these plans (either kind). */
export async function cancelledEntryKeys(db: Queryable, planIds: string[]): Promise<Set<string>> {
  if (!planIds.length) return new Set();
  const { rows } = await db.query<{ plan_id: string; entry_id: string }>(
    'select plan_id, entry_id from cancelled_entries where plan_id = any($1::text[])',
    [planIds],
  );
  return new Set(rows.map((r) => `${r.plan_id}/${r.entry_id}`));
}

/** The public feeds' sequence number of an entry (0 when no feed showed it yet). */
export async function publicSequence(db: Queryable, planId: string, entryId: string): Promise<number> {
  const { rows } = await db.query<{ sequence: number }>(
    `select sequence from feed_entries where scope = 'public' and plan_id = $1 and entry_id = $2`,
    [planId, entryId],
  );
  return rows[0]?.sequence ?? 0;
}

export interface PublicQuarterRow {
  id: string;
  name: string;
  slug: string;
  description: string;
}

export async function publicQuarters(db: Queryable): Promise<PublicQuarterRow[]> {
  const { rows } = await db.query<PublicQuarterRow>('select id, name, slug, description from quarters order by name, id');
  return rows;
}
