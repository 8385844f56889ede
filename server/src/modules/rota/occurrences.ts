/**
 * The times a schedule entry is open, for the rota: one `{ start, end }` per occurrence (ISO 8601 with
 * offset). Every part of the rota reads entries through this one function.
 */
import type { ScheduleEntry } from '@planner/shared/plan/index';

export interface Occurrence {
  start: string;
  end: string;
}

// replaced by shared/src/plan/occurrences.ts occurrencesOf at merge
export function entryOccurrences(entry: ScheduleEntry): Occurrence[] {
  return [{ start: entry.start, end: entry.end }];
}
