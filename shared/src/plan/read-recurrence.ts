/**
 * Tolerant reading of an entry's weekly pattern (issue 18), part of ./read.ts. Anything a client
 * wrote is accepted only item by item: a weekday's hours or an exception that does not fit is dropped
 * and reported by its path, too long lists are cut before they are looked at, a range longer than
 * MAX_OCCURRENCES days is cut, and a pattern without usable dates is dropped as a whole, which leaves
 * the entry one block from start to end: checked as such, never passing unchecked.
 */
import { z } from 'zod';
import type { PlanProblem } from './read.ts';
import {
  MAX_OCCURRENCES,
  MAX_RECURRENCE_EXCEPTIONS,
  type Recurrence,
  RecurrenceExceptionSchema,
  RecurrenceSchema,
  WeeklyHoursSchema,
} from './schema.ts';
import { normaliseRecurrence } from './occurrences.ts';

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isDate = (v: unknown): v is string => typeof v === 'string' && z.iso.date().safeParse(v).success;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Items of a list that fit `schema`, at most `max` of them looked at; the rest is reported. */
function readList<T>(
  raw: unknown,
  max: number,
  schema: z.ZodType<T>,
  path: string,
  problems: PlanProblem[],
  keep: (item: T, index: number) => string | null,
): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push({ path, message: `invalid list (${kindOf(raw)}): empty list used` });
    return [];
  }
  if (raw.length > max) problems.push({ path, message: `more than ${max} items: the rest dropped` });
  const out: T[] = [];
  for (let i = 0; i < Math.min(raw.length, max); i++) {
    const parsed = schema.safeParse(raw[i]);
    if (!parsed.success) {
      problems.push({ path: `${path}.${i}`, message: `invalid (${parsed.error.issues[0]?.message ?? kindOf(raw[i])}): dropped` });
      continue;
    }
    const why = keep(parsed.data, i);
    if (why) problems.push({ path: `${path}.${i}`, message: `${why}: dropped` });
    else out.push(parsed.data);
  }
  return out;
}

/**
 * The pattern of a schedule entry as read from the document, or undefined when it has none or none
 * that can be used (reported). Never throws.
 */
export function readRecurrence(raw: unknown, path: string, problems: PlanProblem[]): Recurrence | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path, message: `invalid recurrence (${kindOf(raw)}): dropped, entry shown as one block` });
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  for (const key of ['from', 'until'] as const) {
    if (!isDate(r[key])) {
      problems.push({
        path: `${path}.${key}`,
        message: `invalid ${key} (${kindOf(r[key])}): pattern dropped, entry shown as one block`,
      });
      return undefined;
    }
  }
  const from = r.from as string;
  let until = r.until as string;
  if (until < from) {
    problems.push({ path: `${path}.until`, message: 'until is before from: pattern dropped, entry shown as one block' });
    return undefined;
  }
  const last = addDays(from, MAX_OCCURRENCES - 1);
  if (until > last) {
    problems.push({
      path: `${path}.until`,
      message: `at most ${MAX_OCCURRENCES} days (${MAX_OCCURRENCES} occurrences): cut to ${last}`,
    });
    until = last;
  }
  const days = new Set<number>();
  const weekly = readList(r.weekly, 7, WeeklyHoursSchema, `${path}.weekly`, problems, (w) => {
    if (days.has(w.day)) return 'weekday given twice';
    days.add(w.day);
    return null;
  });
  const dates = new Set<string>();
  const exceptions = readList(
    r.exceptions,
    MAX_RECURRENCE_EXCEPTIONS,
    RecurrenceExceptionSchema,
    `${path}.exceptions`,
    problems,
    (e) => {
      if (e.date < from || e.date > until) return 'date outside from–until';
      if (dates.has(e.date)) return 'date given twice';
      dates.add(e.date);
      return null;
    },
  );
  const parsed = RecurrenceSchema.safeParse({ from, until, weekly, exceptions });
  if (!parsed.success) {
    // Not reachable with the filtering above; kept so a future rule can never let a pattern through unchecked.
    problems.push({
      path,
      message: `invalid recurrence (${parsed.error.issues[0]?.message}): dropped, entry shown as one block`,
    });
    return undefined;
  }
  return normaliseRecurrence(parsed.data);
}
