/** Time helpers for the checks: instants as epoch milliseconds, intervals half-open [start, end). */
import { berlinOffsetMinutes } from '../plan/berlin-time.ts';
import { type OccurrenceSource, occurrencesOf } from '../plan/occurrences.ts';
import type { TimeWindow } from './types.ts';

export interface Interval {
  start: number;
  end: number;
}

/** Epoch ms of an ISO date-time, or NaN. */
export function instant(iso: string): number {
  return Date.parse(iso);
}

/** The interval of a window or entry, or null when its times are unusable (unparsable, end ≤ start). */
export function intervalOf(w: TimeWindow): Interval | null {
  const start = instant(w.start);
  const end = instant(w.end);
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? { start, end } : null;
}

/**
 * The intervals an entry takes place in: its occurrences (issue 18), one block for an entry without
 * a weekly pattern, none for a pattern without open days. Unusable spans are left out.
 */
export function intervalsOf(e: OccurrenceSource): Interval[] {
  return occurrencesOf(e)
    .map(intervalOf)
    .filter((i): i is Interval => i !== null);
}

/** The first overlap (by start) of the unions of two interval lists, or null when they do not overlap. */
export function firstOverlap(a: readonly Interval[], b: readonly Interval[]): Interval | null {
  // Merged lists are sorted and disjoint, which the sweep below relies on.
  const xs = mergeIntervals([...a]);
  const ys = mergeIntervals([...b]);
  let best: Interval | null = null;
  // Two-pointer sweep: O(n + m) for the up to 366 occurrences of a pattern.
  for (let i = 0, j = 0; i < xs.length && j < ys.length; ) {
    if (overlaps(xs[i], ys[j])) {
      const x = intersection(xs[i], ys[j]);
      if (!best || x.start < best.start) best = x;
    }
    if (xs[i].end < ys[j].end) i++;
    else j++;
  }
  return best;
}

/** Half-open overlap: intervals that only touch (one ends when the other starts) do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The overlapping part of two intervals (assumes they overlap). */
export function intersection(a: Interval, b: Interval): Interval {
  return { start: Math.max(a.start, b.start), end: Math.min(a.end, b.end) };
}

/** Merges overlapping and touching intervals into a sorted list of disjoint ones. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Whether `inner` lies within the union of `windows`; edges count as inside, adjacent windows join. */
export function coveredBy(inner: Interval, windows: Interval[]): boolean {
  return mergeIntervals(windows).some((w) => w.start <= inner.start && inner.end <= w.end);
}

/**
 * The span a due value stands for: a date-time is an instant; a plain date (YYYY-MM-DD) is that
 * whole day in Europe/Berlin. Null when unparsable.
 */
export function dueSpan(due: string): Interval | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) {
    const utcMidnight = Date.parse(`${due}T00:00:00Z`);
    if (!Number.isFinite(utcMidnight)) return null;
    const start = utcMidnight - berlinOffsetMinutes(utcMidnight) * 60_000;
    const nextUtc = utcMidnight + 86_400_000;
    const end = nextUtc - berlinOffsetMinutes(nextUtc) * 60_000;
    return { start, end };
  }
  const t = instant(due);
  return Number.isFinite(t) ? { start: t, end: t } : null;
}

/** ISO string (UTC) of an instant, for message parameters. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
