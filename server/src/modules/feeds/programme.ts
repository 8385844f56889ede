import type { NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { ProgrammeEntry } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { berlinMidnight } from './ical.ts';

interface Row {
  plan_id: string;
  plan_title: string;
  storefront_id: string;
  storefront_title: string;
  address: string;
  lat: number;
  lng: number;
  quarter_id: string;
  quarter_name: string;
  quarter_slug: string;
  schedule: NormalisedScheduleEntry[];
  meta: { title?: string; publicDescription?: string };
}

export interface ProgrammeFilter {
  /** Quarter id or slug. */
  quarter?: string;
  /** Berlin calendar days, inclusive. */
  from?: string;
  to?: string;
  storefrontId?: string;
}

/**
 * The public programme: the public entries of published (and completed) plans, taken from the
 * approved copy of their schedule — what staff approved is what the public sees, even while a later
 * edit waits for re-approval. Built field by field, so nothing private (owner contacts, notes, tasks,
 * unpublished plans) can slip in.
 */
export class ProgrammeService {
  constructor(private readonly db: Queryable) {}

  async entries(f: ProgrammeFilter): Promise<ProgrammeEntry[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const where = [`p.status in ('published', 'done')`];
    if (f.quarter) where.push(`(q.id = ${p(f.quarter)} or q.slug = ${p(f.quarter)})`);
    if (f.storefrontId) where.push(`s.id = ${p(f.storefrontId)}`);
    const { rows } = await this.db.query<Row>(
      `select p.id as plan_id, p.title as plan_title, s.id as storefront_id, s.title as storefront_title, s.address, s.lat, s.lng,
              q.id as quarter_id, q.name as quarter_name, q.slug as quarter_slug, a.schedule, a.meta
         from plans p
         join storefronts s on s.id = p.storefront_id
         join quarters q on q.id = s.quarter_id
         join lateral (select schedule, meta from approvals a where a.plan_id = p.id and a.decision = 'approved' order by a.id desc limit 1) a on true
        where ${where.join(' and ')}`,
      params,
    );
    const from = f.from ? berlinMidnight(f.from).getTime() : -Infinity;
    const to = f.to ? berlinMidnight(f.to).getTime() + 86_400_000 : Infinity;
    const out: ProgrammeEntry[] = [];
    for (const r of rows) {
      for (const e of r.schedule) {
        if (!e.public || Date.parse(e.end) <= from || Date.parse(e.start) >= to) continue;
        out.push({
          id: `${r.plan_id}:${e.id}`,
          planId: r.plan_id,
          planTitle: r.meta.title || r.plan_title,
          description: r.meta.publicDescription ?? '',
          kind: e.kind,
          title: e.title,
          start: e.start,
          end: e.end,
          storefront: { id: r.storefront_id, title: r.storefront_title, address: r.address, lat: Number(r.lat), lng: Number(r.lng) },
          quarter: { id: r.quarter_id, name: r.quarter_name, slug: r.quarter_slug },
        });
      }
    }
    return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
  }
}
