/**
 * A person's shifts as events of their personal calendar feed (issue 18). SEQUENCE is the shift's
 * revision (it rises with every change of its times, label or people); a deleted shift leaves the feed.
 */
import type { Queryable } from '../../platform/db/database.ts';
import type { FeedEvent } from '../feeds/ical.ts';
import { shiftsOfPerson } from './repo.ts';

export async function shiftFeedEvents(db: Queryable, userId: string): Promise<FeedEvent[]> {
  const rows = await shiftsOfPerson(db, userId);
  return rows.map((r) => ({
    uid: `shift-${r.id}@kreativquartiere-planner`,
    // Feeds are German (like the kind names of untitled entries).
    summary: `Aufsicht${r.label ? `: ${r.label}` : ''} – ${r.plan_title}`,
    description: '',
    start: new Date(r.starts_at).toISOString(),
    end: new Date(r.ends_at).toISOString(),
    location: r.address,
    status: 'CONFIRMED' as const,
    sequence: r.revision,
  }));
}
