import type { ProgrammeEntry } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { berlinMidnight } from './ical.ts';
import { publishedPlans } from './repo.ts';

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
    const rows = await publishedPlans(this.db, f);
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
          storefront: {
            id: r.storefront_id,
            title: r.storefront_title,
            address: r.address,
            lat: Number(r.lat),
            lng: Number(r.lng),
          },
          quarter: { id: r.quarter_id, name: r.quarter_name, slug: r.quarter_slug },
        });
      }
    }
    return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
  }
}
