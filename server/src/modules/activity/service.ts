import { berlinMidnight, type ActivityEntry } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { activityActions, listActivity } from './repo.ts';

/** The staff's filters as the API takes them (days in Europe/Berlin, both included). */
export interface ActivityQueryInput {
  planId?: string;
  before?: number;
  actorId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
}

/** The day after `YYYY-MM-DD` (calendar arithmetic, no time zone involved). */
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The activity log as staff read it. (Entries are appended with `audit()` inside each capability's transaction.) */
export class ActivityService {
  constructor(private readonly db: Queryable) {}

  /** Newest first, filtered; `nextBefore` continues after the last entry when the page is full. */
  async list(q: ActivityQueryInput): Promise<{ items: ActivityEntry[]; nextBefore: number | null }> {
    const items = await listActivity(this.db, {
      planId: q.planId,
      before: q.before,
      actorId: q.actorId,
      actor: q.actor,
      action: q.action,
      fromAt: q.from ? berlinMidnight(q.from) : undefined,
      toAt: q.to ? berlinMidnight(nextDay(q.to)) : undefined,
      limit: q.limit,
    });
    return { items, nextBefore: items.length === q.limit ? items[items.length - 1].id : null };
  }

  actions(): Promise<string[]> {
    return activityActions(this.db);
  }
}
