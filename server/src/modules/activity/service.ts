import type { ActivityEntry } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { listActivity } from './repo.ts';

/** The activity log as staff read it. (Entries are appended with `audit()` inside each capability's transaction.) */
export class ActivityService {
  constructor(private readonly db: Queryable) {}

  /** Newest first, optionally of one plan and before an entry id. */
  list(filter: { planId?: string; before?: number; limit: number }): Promise<ActivityEntry[]> {
    return listActivity(this.db, filter);
  }
}
