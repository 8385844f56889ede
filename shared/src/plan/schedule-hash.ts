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

function normaliseEntry(e: ScheduleEntry): NormalisedScheduleEntry {
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    start: toUtc(e.start),
    end: toUtc(e.end),
    expectedAttendance: e.expectedAttendance ?? null,
    public: e.public,
    seating: e.seating,
    ...(e.recurrence ? { recurrence: normaliseRecurrence(e.recurrence) } : {}),
  };
}

const byStartEndId = (a: { start: string; end: string; id: string }, b: { start: string; end: string; id: string }) =>
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
              : 0;

/** The schedule as a list sorted by start, end, id, with canonical times. */
export function normaliseSchedule(schedule: ScheduleLike): NormalisedScheduleEntry[] {
  const entries = Array.isArray(schedule) ? schedule : Object.values(schedule as Record<string, ScheduleEntry>);
  return entries.map(normaliseEntry).sort(byStartEndId);
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

/** A normalised entry's sort key and canonical JSON. */
interface HashPiece {
  id: string;
  start: string;
  end: string;
  json: string;
}

/**
 * Memos for values that cannot change (issue 19): the pieces of frozen entries and the hash of frozen
 * schedules, as readLivePlan (live-read.ts) returns them and shares between reads of a live document.
 * After an edit of one entry, only that entry is normalised again; an unchanged schedule is not hashed
 * again at all. Anything not frozen is computed afresh every time.
 */
const pieceMemo = new WeakMap<ScheduleEntry, HashPiece>();
const hashMemo = new WeakMap<object, string>();

const immutable = (e: ScheduleEntry) => Object.isFrozen(e) && (!e.recurrence || Object.isFrozen(e.recurrence));

function pieceOf(e: ScheduleEntry): HashPiece {
  const memo = immutable(e);
  const known = memo ? pieceMemo.get(e) : undefined;
  if (known) return known;
  const n = normaliseEntry(e);
  const piece = { id: n.id, start: n.start, end: n.end, json: canonicalJSON(n) };
  if (memo) pieceMemo.set(e, piece);
  return piece;
}

/** `sha256:<hex>` of the canonical JSON of the normalised schedule. */
export function scheduleHash(schedule: ScheduleLike): string {
  const memo = Object.isFrozen(schedule);
  const known = memo ? hashMemo.get(schedule) : undefined;
  if (known) return known;
  const entries = Array.isArray(schedule) ? schedule : Object.values(schedule as Record<string, ScheduleEntry>);
  // canonicalJSON of the sorted list, built from each entry's canonical JSON (the same string).
  const pieces = entries.map(pieceOf).sort(byStartEndId);
  const hash = `sha256:${sha256Hex(`[${pieces.map((p) => p.json).join(',')}]`)}`;
  if (memo) hashMemo.set(schedule, hash);
  return hash;
}
