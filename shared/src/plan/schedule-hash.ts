/**
 * The normalised schedule and its content hash. An approval binds to the hash (DESIGN.md §4): any
 * later change of an entry's content changes it, while representation details do not (key order,
 * the order entries are stored in, writing the same instant with another offset).
 */
import { normaliseRecurrence } from './occurrences.ts';
import type { Recurrence, ScheduleEntry } from './schema.ts';
import { sha256Hex } from './sha256.ts';

/** A schedule entry in canonical form: times as UTC ISO strings with milliseconds. */
export interface NormalisedScheduleEntry {
  id: string;
  kind: ScheduleEntry['kind'];
  title: string;
  start: string;
  end: string;
  expectedAttendance: number | null;
  public: boolean;
  seating: ScheduleEntry['seating'];
  /**
   * The weekly pattern in canonical order (issue 18). Only entries with one carry the key, so the hash
   * of every entry without a pattern is what it was before patterns existed.
   */
  recurrence?: Recurrence;
}

/** Entries as a record keyed by id (PlanDocJSON['schedule']) or as a list. */
export type ScheduleLike = Record<string, ScheduleEntry> | readonly ScheduleEntry[];

function toUtc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : iso;
}

/** The schedule as a list sorted by start, end, id, with canonical times. */
export function normaliseSchedule(schedule: ScheduleLike): NormalisedScheduleEntry[] {
  const entries = Array.isArray(schedule) ? schedule : Object.values(schedule as Record<string, ScheduleEntry>);
  return entries
    .map((e) => ({
      id: e.id,
      kind: e.kind,
      title: e.title,
      start: toUtc(e.start),
      end: toUtc(e.end),
      expectedAttendance: e.expectedAttendance ?? null,
      public: e.public,
      seating: e.seating,
      ...(e.recurrence ? { recurrence: normaliseRecurrence(e.recurrence) } : {}),
    }))
    .sort((a, b) =>
      a.start < b.start
        ? -1
        : a.start > b.start
          ? 1
          : a.end < b.end
            ? -1
            : a.end > b.end
              ? 1
              : a.id < b.id
                ? -1
                : a.id > b.id
                  ? 1
                  : 0,
    );
}

/** JSON with object keys sorted at every level, no whitespace: equal values give equal strings. */
export function canonicalJSON(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON(obj[k])}`).join(',')}}`;
}

/** `sha256:<hex>` of the canonical JSON of the normalised schedule. */
export function scheduleHash(schedule: ScheduleLike): string {
  return `sha256:${sha256Hex(canonicalJSON(normaliseSchedule(schedule)))}`;
}
