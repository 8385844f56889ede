import { canonicalJSON, normaliseSchedule, type NormalisedScheduleEntry, type ScheduleLike } from './schedule-hash.ts';

/** The fields `changed` can name; `recurrence` is the weekly pattern of opening hours (issue 18). */
export type ChangedScheduleField = 'kind' | 'expectedAttendance' | 'public' | 'seating' | 'recurrence';

/** One entry present in both schedules, before and after. */
export interface ScheduleEntryChange {
  id: string;
  before: NormalisedScheduleEntry;
  after: NormalisedScheduleEntry;
}

/** What changed between two schedules (e.g. the approved copy and the current document). */
export interface ScheduleDiff {
  added: NormalisedScheduleEntry[];
  removed: NormalisedScheduleEntry[];
  /** start or end changed. */
  moved: ScheduleEntryChange[];
  /** title changed. */
  retitled: ScheduleEntryChange[];
  /** kind, expected attendance, public flag, seating or the weekly pattern changed; `fields` names them. */
  changed: Array<ScheduleEntryChange & { fields: ChangedScheduleField[] }>;
}

/**
 * Compares two schedules entry by entry (matched by id). An entry can appear in several of
 * moved/retitled/changed at once. Lists are in the order of the normalised schedule.
 */
export function diffSchedules(a: ScheduleLike, b: ScheduleLike): ScheduleDiff {
  const before = new Map(normaliseSchedule(a).map((e) => [e.id, e]));
  const afterList = normaliseSchedule(b);
  const after = new Map(afterList.map((e) => [e.id, e]));
  const diff: ScheduleDiff = { added: [], removed: [], moved: [], retitled: [], changed: [] };
  for (const e of before.values()) if (!after.has(e.id)) diff.removed.push(e);
  for (const next of afterList) {
    const prev = before.get(next.id);
    if (!prev) {
      diff.added.push(next);
      continue;
    }
    const change = { id: next.id, before: prev, after: next };
    if (prev.start !== next.start || prev.end !== next.end) diff.moved.push(change);
    if (prev.title !== next.title) diff.retitled.push(change);
    const fields: ChangedScheduleField[] = (['kind', 'expectedAttendance', 'public', 'seating'] as const).filter(
      (f) => prev[f] !== next[f],
    );
    if (canonicalJSON(prev.recurrence ?? null) !== canonicalJSON(next.recurrence ?? null)) fields.push('recurrence');
    if (fields.length > 0) diff.changed.push({ ...change, fields });
  }
  return diff;
}

/** True when the diff contains no change at all. */
export function isEmptyDiff(d: ScheduleDiff): boolean {
  return d.added.length + d.removed.length + d.moved.length + d.retitled.length + d.changed.length === 0;
}
