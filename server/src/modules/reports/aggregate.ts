/**
 * The city report as one pure function over repository rows (issue 20). Definitions, also shown on the
 * /reports page:
 *
 * - A **staging** is a plan that staff approved (status approved, published or done, not deleted), read
 *   from the approved copy of its schedule (approvals.schedule, the copy the public programme shows), never
 *   from the live document. Its **span** runs from the start of its earliest entry to the end of its latest
 *   entry, usually from setup to teardown.
 * - A staging counts in a period when its span touches a Berlin calendar day of the period.
 * - **Storefronts activated**: the distinct storefronts of those stagings.
 * - **Days of vacancy activated**: per storefront, the distinct Europe/Berlin calendar days of the period on
 *   which the storefront was in use by a staging (any part of the day between the span's start and end; a
 *   span ending at midnight does not touch the next day), summed over the storefronts. Two stagings in one
 *   shop on the same day count that day once.
 * - **Events**: public entries of the approved schedule that were not cancelled, counted in the period in
 *   which they start (Berlin day). **Visitors**: the recorded counts of those events; `eventsCounted` says
 *   how many of them have one.
 * - **Outside the established quarters**: stagings in quarters whose `established` flag is off (the
 *   established creative quarters are Unionviertel, Nordstadt, Brückviertel and the city centre), as a share
 *   of all stagings.
 *
 * A staging that runs across two quarters of the year counts in both rows, so those rows may add up to more
 * than the year; a staging with two disciplines counts in both discipline rows. Totals count it once.
 * Everything read from plan documents (schedules, disciplines) is treated as untrusted input here.
 */
import { REPORT_DISCIPLINES, type Report, type ReportCounts, type ReportDiscipline } from '@planner/shared';
import { DISCIPLINES } from '@planner/shared/plan/index';
import { berlinDay } from '@planner/shared/plan/berlin-time';

/** A staging as the repository reads it: relational columns plus the approved copy (untrusted JSON). */
export interface StagingRow {
  planId: string;
  storefrontId: string;
  quarterId: string;
  /** The approved copy of the schedule (approvals.schedule). */
  schedule: unknown;
  /** The disciplines approved with it (approvals.meta.disciplines), when recorded. */
  disciplines: unknown;
}

export interface QuarterOption {
  id: string;
  name: string;
  established: boolean;
}

export interface ReportInput {
  year: number;
  quarterOfYear: number | null;
  /** City quarter filter (empty: all). */
  quarters: readonly string[];
  discipline: ReportDiscipline | null;
  stagings: readonly StagingRow[];
  quarterOptions: readonly QuarterOption[];
  /** `${planId}/${entryId}` of cancelled public entries. */
  cancelled: ReadonlySet<string>;
  /** Recorded visitors by `${planId}/${entryId}`. */
  visitors: ReadonlyMap<string, number>;
}

/** Applications per open call: filled in by the calls capability once it exists. */
export type CallStats = Report['calls'];

interface Prepared {
  planId: string;
  storefrontId: string;
  quarterId: string;
  disciplines: ReportDiscipline[];
  /** First and last Berlin day of the span, inclusive. */
  first: string;
  last: string;
  /** Berlin start day of each public, not cancelled entry, with its recorded visitors (or null). */
  events: { day: string; visitors: number | null }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar day after `YYYY-MM-DD` (plain date arithmetic; no time zone involved). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The Berlin calendar days of a year or of one quarter of it, inclusive. */
export function periodOf(year: number, quarterOfYear: number | null): { from: string; to: string } {
  if (!quarterOfYear) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const firstMonth = (quarterOfYear - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, firstMonth + 2, 0)).getUTCDate();
  return { from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(firstMonth + 2)}-${pad(lastDay)}` };
}

function disciplinesOf(raw: unknown): ReportDiscipline[] {
  if (!Array.isArray(raw)) return [];
  const out: ReportDiscipline[] = [];
  for (const d of raw) if ((DISCIPLINES as readonly unknown[]).includes(d) && !out.includes(d)) out.push(d);
  return out;
}

/** The span and public events of a staging; null when its approved schedule has no readable entry. */
export function prepare(row: StagingRow, cancelled: ReadonlySet<string>, visitors: ReadonlyMap<string, number>): Prepared | null {
  const entries = Array.isArray(row.schedule) ? (row.schedule as unknown[]) : [];
  let start = Infinity;
  let end = -Infinity;
  const events: Prepared['events'] = [];
  for (const raw of entries) {
    if (!raw || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    const s = typeof e.start === 'string' ? Date.parse(e.start) : Number.NaN;
    const t = typeof e.end === 'string' ? Date.parse(e.end) : Number.NaN;
    if (!Number.isFinite(s) || !Number.isFinite(t) || t < s) continue;
    start = Math.min(start, s);
    end = Math.max(end, t);
    if (e.public === true && typeof e.id === 'string' && !cancelled.has(`${row.planId}/${e.id}`)) {
      events.push({ day: berlinDay(s), visitors: visitors.get(`${row.planId}/${e.id}`) ?? null });
    }
  }
  if (!Number.isFinite(start)) return null;
  // The end is exclusive: a span ending at 00:00 ends on the day before (unless it is a mere moment).
  const last = berlinDay(end > start ? end - 1 : end);
  return {
    planId: row.planId,
    storefrontId: row.storefrontId,
    quarterId: row.quarterId,
    disciplines: disciplinesOf(row.disciplines),
    first: berlinDay(start),
    last,
    events,
  };
}

/** The days of a staging within the period, inclusive (empty when it does not touch the period). */
function daysWithin(s: Prepared, from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = s.first > from ? s.first : from; d <= s.last && d <= to; d = nextDay(d)) days.push(d);
  return days;
}

/** The figures of a set of stagings within a period. */
export function countsOf(stagings: readonly Prepared[], from: string, to: string): ReportCounts {
  const days = new Map<string, Set<string>>();
  let count = 0;
  let events = 0;
  let eventsCounted = 0;
  let visitors = 0;
  for (const s of stagings) {
    const within = daysWithin(s, from, to);
    if (!within.length) continue;
    count += 1;
    let set = days.get(s.storefrontId);
    if (!set) days.set(s.storefrontId, (set = new Set()));
    for (const d of within) set.add(d);
    for (const e of s.events) {
      if (e.day < from || e.day > to) continue;
      events += 1;
      if (e.visitors !== null) {
        eventsCounted += 1;
        visitors += e.visitors;
      }
    }
  }
  let vacancyDays = 0;
  for (const set of days.values()) vacancyDays += set.size;
  return { stagings: count, storefronts: days.size, vacancyDays, events, eventsCounted, visitors };
}

const inPeriod = (s: Prepared, from: string, to: string) => s.first <= to && s.last >= from;

/** The report for a year (and optional quarter of the year, city quarters, discipline). */
export function aggregateReport(input: ReportInput, calls: CallStats = { available: false, rows: [] }): Report {
  const period = periodOf(input.year, input.quarterOfYear);
  const quarterFilter = new Set(input.quarters);
  const hasDiscipline = (s: Prepared, d: ReportDiscipline) =>
    d === 'none' ? s.disciplines.length === 0 : s.disciplines.includes(d);
  const prepared = input.stagings
    .filter((r) => !quarterFilter.size || quarterFilter.has(r.quarterId))
    .map((r) => prepare(r, input.cancelled, input.visitors))
    .filter((s): s is Prepared => s !== null)
    .filter((s) => !input.discipline || hasDiscipline(s, input.discipline));

  const established = new Map(input.quarterOptions.map((q) => [q.id, q.established]));
  const totals = countsOf(prepared, period.from, period.to);
  const outside = prepared.filter((s) => inPeriod(s, period.from, period.to) && established.get(s.quarterId) !== true).length;

  const quartersOfYear = input.quarterOfYear ? [input.quarterOfYear] : [1, 2, 3, 4];
  const byQuarterOfYear = quartersOfYear.map((q) => {
    const p = periodOf(input.year, q);
    return { quarterOfYear: q, ...countsOf(prepared, p.from, p.to) };
  });

  const byCityQuarter = input.quarterOptions
    .filter((q) => !quarterFilter.size || quarterFilter.has(q.id))
    .map((q) => ({
      quarterId: q.id,
      name: q.name,
      established: q.established,
      ...countsOf(
        prepared.filter((s) => s.quarterId === q.id),
        period.from,
        period.to,
      ),
    }));

  const disciplines = input.discipline ? [input.discipline] : [...REPORT_DISCIPLINES];
  const byDiscipline = disciplines.map((d) => ({
    discipline: d,
    ...countsOf(
      prepared.filter((s) => hasDiscipline(s, d)),
      period.from,
      period.to,
    ),
  }));

  return {
    filter: {
      year: input.year,
      quarterOfYear: input.quarterOfYear,
      quarters: [...input.quarters],
      discipline: input.discipline,
    },
    period,
    totals: {
      ...totals,
      stagingsOutsideEstablished: outside,
      shareOutsideEstablished: totals.stagings ? outside / totals.stagings : null,
    },
    byQuarterOfYear,
    byCityQuarter,
    byDiscipline,
    calls,
    quarterOptions: [...input.quarterOptions],
  };
}
