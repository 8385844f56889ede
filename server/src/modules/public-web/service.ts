import { berlinDay } from '@planner/shared/plan/berlin-time';
import { eventShortId, eventSlug, shortIdOfSlug, type PublicEvent } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { entryDays } from '../feeds/programme.ts';
import type { PublicEventImages } from './images.ts';
import * as repo from './repo.ts';

/** An entry with a public page, and when what the public sees of it last changed. */
export interface PublicEventItem extends PublicEvent {
  updated: string;
}

const PUBLISHED = ['published', 'done'];

/**
 * The entries that have public pages: the public entries of published (and completed) plans, taken from
 * the approved copy of their schedule (as the programme shows them), and the cancelled ones (cancelled
 * one by one or by un-publishing), which keep their page with the status `cancelled`. Built field by
 * field, so nothing private can slip in.
 */
export class PublicWebService {
  constructor(
    private readonly db: Queryable,
    private readonly images: PublicEventImages,
  ) {}

  /** `endsAfter` (ms): only plans whose approved copy can still have an entry ending after it. */
  async events(f: { quarter?: string; endsAfter?: number } = {}): Promise<PublicEventItem[]> {
    const rows = await repo.publicPlans(this.db, f);
    const cancelled = await repo.cancelledEntryKeys(
      this.db,
      rows.map((r) => r.plan_id),
    );
    const images = rows.length ? await this.images.forPlans(rows.map((r) => r.plan_id)) : new Map();
    const out: PublicEventItem[] = [];
    for (const r of rows) {
      for (const e of r.schedule) {
        if (!e.public) continue;
        const isCancelled = cancelled.has(`${r.plan_id}/${e.id}`);
        // An un-published plan keeps only the pages of the entries that were public when it was.
        if (!isCancelled && !PUBLISHED.includes(r.status)) continue;
        out.push({
          slug: eventSlug({ planId: r.plan_id, entryId: e.id, title: e.title || r.meta.title || r.plan_title, start: e.start }),
          planId: r.plan_id,
          entryId: e.id,
          title: e.title,
          planTitle: r.meta.title || r.plan_title,
          kind: e.kind,
          description: r.meta.publicDescription ?? '',
          start: e.start,
          end: e.end,
          days: entryDays(e),
          ...(e.recurrence ? { recurring: true as const } : {}),
          status: isCancelled ? 'cancelled' : 'scheduled',
          storefront: {
            title: r.storefront_title,
            address: r.address,
            lat: Number(r.lat),
            lng: Number(r.lng),
            stepFree: r.step_free,
            toilet: r.toilet,
          },
          quarter: { name: r.quarter_name, slug: r.quarter_slug },
          image: images.get(r.plan_id) ?? null,
          updated: new Date(r.decided_at).toISOString(),
        });
      }
    }
    return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.slug < b.slug ? -1 : 1));
  }

  /** The entry a slug names (by its short id), or null; `canonical` says whether the slug is its current one. */
  async event(slug: string): Promise<{ event: PublicEventItem; canonical: boolean } | null> {
    const shortId = shortIdOfSlug(slug);
    if (!shortId) return null;
    const event = (await this.events()).find((e) => eventShortId(e.planId, e.entryId) === shortId);
    return event ? { event, canonical: event.slug === slug } : null;
  }

  /** Upcoming (not yet ended) scheduled entries, from today (Berlin) on, optionally of one quarter. */
  async upcoming(f: { quarter?: string } = {}, now = Date.now()): Promise<PublicEventItem[]> {
    const today = berlinDay(now);
    return (await this.events({ ...f, endsAfter: now })).filter(
      (e) => e.status === 'scheduled' && Date.parse(e.end) > now && berlinDay(e.end) >= today,
    );
  }

  quarters(): Promise<repo.PublicQuarterRow[]> {
    return repo.publicQuarters(this.db);
  }

  /** A quarter by slug or id (a slug match wins), or null. */
  async quarter(key: string): Promise<repo.PublicQuarterRow | null> {
    const all = await this.quarters();
    return all.find((q) => q.slug === key) ?? all.find((q) => q.id === key) ?? null;
  }

  sequence(e: { planId: string; entryId: string }): Promise<number> {
    return repo.publicSequence(this.db, e.planId, e.entryId);
  }
}
