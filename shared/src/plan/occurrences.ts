/**
 * The occurrences of a schedule entry (issue 18): the one place that turns a recurring
 * opening-hours pattern into time spans. Checks, feeds, the programme and the editor's timeline all
 * ask this function, so they agree on when a shop is open.
 *
 * Hours are Berlin wall-clock times: "12–18" is 12:00–18:00 local on every day, +01:00 before the
 * spring change and +02:00 after it. A time in the hour skipped in spring moves one hour later, a
 * time in the hour repeated in autumn is its first (summer-time) moment (see fromBerlinLocal).
 */
import { fromBerlinLocal } from './berlin-time.ts';
import { MAX_OCCURRENCES, type Recurrence, type ScheduleEntry } from './schema.ts';

/** One time span of an entry, ISO instants with the Berlin offset. */
export interface Occurrence {
  start: string;
  end: string;
}

/** What occurrencesOf needs of an entry (a ScheduleEntry or its normalised form). */
export type OccurrenceSource = Pick<ScheduleEntry, 'start' | 'end'> & { recurrence?: Recurrence | null };

/** The calendar day after `YYYY-MM-DD` (plain date arithmetic, no time zone). */
export function nextDate(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** A Berlin date and wall-clock time as an ISO instant with offset; `24:00` is the next midnight. */
function berlinAt(day: string, time: string): string | null {
  return time === '24:00' ? fromBerlinLocal(`${nextDate(day)}T00:00`) : fromBerlinLocal(`${day}T${time}`);
}

/** At most `max` (default MAX_OCCURRENCES) of the given occurrences: the cap for runaway patterns. */
export function capOccurrences<T>(list: readonly T[], max = MAX_OCCURRENCES): T[] {
  return list.slice(0, Math.max(0, max));
}

/**
 * The open spans of a pattern, in date order: each date from `from` to `until` gets the hours of an
 * exception on that date (none when closed) or else those of its weekday. Never more than
 * MAX_OCCURRENCES (a pattern that slipped past validation is cut, not expanded without end).
 */
export function expandRecurrence(r: Recurrence): Occurrence[] {
  const weekly = new Map(r.weekly.map((w) => [w.day, w]));
  const exceptions = new Map(r.exceptions.map((e) => [e.date, e]));
  const out: Occurrence[] = [];
  if (!(r.until >= r.from)) return out;
  // The loop is bounded by the cap on days too, whatever the dates say.
  for (let day = r.from, n = 0; day <= r.until && n < MAX_OCCURRENCES; day = nextDate(day), n++) {
    const ex = exceptions.get(day);
    const hours = ex ? ('closed' in ex ? null : ex) : weekly.get(isoWeekday(day));
    if (!hours) continue;
    const start = berlinAt(day, hours.start);
    const end = berlinAt(day, hours.end);
    // Hours that fall entirely into the skipped spring hour are empty.
    if (start && end && Date.parse(end) > Date.parse(start)) out.push({ start, end });
  }
  return capOccurrences(out);
}

/**
 * When an entry takes place: for an entry without pattern exactly `[{ start, end }]`, for one with a
 * pattern its occurrences (possibly none: a pattern whose days are all closed is never open).
 */
export function occurrencesOf(entry: OccurrenceSource): Array<{ start: string; end: string }> {
  if (!entry.recurrence) return [{ start: entry.start, end: entry.end }];
  return expandRecurrence(entry.recurrence);
}

/** The first start and the last end of a pattern's occurrences, or null when it has none. */
export function recurrenceEnvelope(r: Recurrence): Occurrence | null {
  const list = expandRecurrence(r);
  return list.length ? { start: list[0].start, end: list[list.length - 1].end } : null;
}

/** The pattern in canonical order (weekdays ascending, exceptions by date), for hashes and comparison. */
export function normaliseRecurrence(r: Recurrence): Recurrence {
  return {
    from: r.from,
    until: r.until,
    weekly: [...r.weekly].sort((a, b) => a.day - b.day).map((w) => ({ day: w.day, start: w.start, end: w.end })),
    exceptions: [...r.exceptions]
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map((e) => ('closed' in e ? { date: e.date, closed: true as const } : { date: e.date, start: e.start, end: e.end })),
  };
}

/**
 * The instants within which a schedule's entries can take place, for selecting approved copies by date
 * in SQL (approvals.span, migration 031): the earliest and the latest of every entry's own start and end
 * and of every occurrence of its pattern, so an occurrence outside the entry's own start–end is covered.
 * `null` when that cannot be told (a date that does not parse): then the copy must always be read.
 * `'empty'` for a schedule without entries. A bound is null (open) for a pattern cut at MAX_OCCURRENCES.
 */
export function scheduleReach(
  entries: readonly OccurrenceSource[],
): { start: string | null; end: string | null } | 'empty' | null {
  if (!entries.length) return 'empty';
  let lo = Infinity;
  let hi = -Infinity;
  let open = false;
  const take = (iso: string) => {
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) return false;
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
    return true;
  };
  for (const e of entries) {
    if (typeof e.start !== 'string' || typeof e.end !== 'string' || !take(e.start) || !take(e.end)) return null;
    if (!e.recurrence) continue;
    let list: Occurrence[];
    try {
      list = occurrencesOf(e);
    } catch {
      return null;
    }
    if (list.length >= MAX_OCCURRENCES) open = true;
    for (const o of list) if (!take(o.start) || !take(o.end)) return null;
  }
  return { start: new Date(lo).toISOString(), end: open ? null : new Date(hi).toISOString() };
}
