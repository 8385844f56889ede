import type { ProgrammeDay, ProgrammeEntry } from '@planner/shared';
import { berlinDay } from '@planner/shared/plan/berlin-time';
import { occurrencesOf } from '@planner/shared/plan/occurrences';
import type { Queryable } from '../../platform/db/database.ts';
import { berlinMidnight } from './ical.ts';
import { cancelledKeys } from '../publication/repo.ts';
import { publishedPlans, type ProgrammeRow } from './repo.ts';

export interface ProgrammeFilter {
  /** Quarter id or slug. */
  quarter?: string;
  /** Berlin calendar days, inclusive. */
  from?: string;
  to?: string;
  storefrontId?: string;
}

/** The calendar day after `YYYY-MM-DD` (plain date arithmetic; no time zone involved). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Berlin midnights by day, remembered: finding one takes a few Intl calls, and the programme asks for
 * the same days again and again (every entry of a week, every request). Bounded; cleared when full.
 */
const midnights = new Map<string, number>();
function midnight(day: string): number {
  let ms = midnights.get(day);
  if (ms === undefined) {
    if (midnights.size >= 5000) midnights.clear();
    ms = berlinMidnight(day).getTime();
    midnights.set(day, ms);
  }
  return ms;
}

/** The instants a `from`–`to` day filter covers (Berlin days, inclusive; the end exclusive). */
export function filterWindow(from?: string, to?: string): { from: number; to: number } {
  return {
    from: from ? midnight(from) : -Infinity,
    to: to ? midnight(nextDay(to)) : Infinity,
  };
}

/** At most this many days are listed per entry and answer (a year and a bit); a later window lists the rest. */
export const MAX_PROGRAMME_DAYS = 400;

/**
 * The Berlin calendar days an entry runs on, each with its part of the entry, limited to the days
 * `from`–`to` (inclusive) when given, and to the first MAX_PROGRAMME_DAYS of them. The end is exclusive: an entry ending at midnight does not run
 * on the next day. Midnights are Berlin midnights, so days are 23 or 25 hours long when the clocks change.
 */
export function programmeDays(start: string, end: string, from?: string, to?: string): ProgrammeDay[] {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const days: ProgrammeDay[] = [];
  if (!(e > s)) {
    // A zero-length entry (a moment): on the day it happens.
    const day = berlinDay(s);
    if ((!from || day >= from) && (!to || day <= to)) {
      days.push({ day, part: 'whole', start: new Date(s).toISOString(), end: new Date(e).toISOString() });
    }
    return days;
  }
  const first = berlinDay(s);
  for (let day = from && from > first ? from : first; ; day = nextDay(day)) {
    const dayStart = midnight(day);
    if (dayStart >= e || (to && day > to) || days.length >= MAX_PROGRAMME_DAYS) break;
    const dayEnd = midnight(nextDay(day));
    const startsToday = s >= dayStart;
    const endsToday = e <= dayEnd;
    days.push({
      day,
      part: startsToday && endsToday ? 'whole' : startsToday ? 'first' : endsToday ? 'last' : 'middle',
      start: new Date(Math.max(s, dayStart)).toISOString(),
      end: new Date(Math.min(e, dayEnd)).toISOString(),
    });
  }
  return days;
}

/**
 * The days of a schedule entry: for one with a weekly pattern (issue 18) each occurrence is one day
 * with its hours, so "Mi–So 12–18 Uhr" lists every open day and no closed one; otherwise as
 * programmeDays. At most MAX_PROGRAMME_DAYS.
 */
export function entryDays(
  e: { start: string; end: string; recurrence?: Parameters<typeof occurrencesOf>[0]['recurrence'] },
  from?: string,
  to?: string,
): ProgrammeDay[] {
  if (!e.recurrence) return programmeDays(e.start, e.end, from, to);
  const days: ProgrammeDay[] = [];
  for (const o of occurrencesOf(e)) {
    days.push(...programmeDays(o.start, o.end, from, to));
    if (days.length >= MAX_PROGRAMME_DAYS) break;
  }
  return days.slice(0, MAX_PROGRAMME_DAYS);
}

/** Whether an entry takes place within the instants `from`–`to` (its occurrences, for a pattern). */
function within(e: { start: string; end: string; recurrence?: unknown }, from: number, to: number): boolean {
  if (Date.parse(e.end) <= from || Date.parse(e.start) >= to) return false;
  return (
    !e.recurrence ||
    occurrencesOf(e as Parameters<typeof occurrencesOf>[0]).some((o) => Date.parse(o.end) > from && Date.parse(o.start) < to)
  );
}

/**
 * The public programme: the public entries of published (and completed) plans, taken from the
 * approved copy of their schedule — what staff approved is what the public sees, even while a later
 * edit waits for re-approval. Built field by field, so nothing private (owner contacts, notes, tasks,
 * unpublished plans) can slip in.
 */
export class ProgrammeService {
  constructor(private readonly db: Queryable) {}

  async entries(f: ProgrammeFilter): Promise<ProgrammeEntry[]> {
    // Only the plans whose approved copy can meet the days asked for (approvals.span, migration 031).
    const rows = await publishedPlans(this.db, { ...f, meets: filterWindow(f.from, f.to) });
    return programmeEntries(
      rows,
      f,
      await cancelledKeys(
        this.db,
        rows.map((r) => r.plan_id),
      ),
    );
  }
}

/**
 * The one selection of public entries: the public entries of these plans' schedules that are not
 * cancelled, within the filter's days, field by field. The programme and the publication preview both
 * use it, so what the preview shows is what the programme will show.
 */
export function programmeEntries(rows: ProgrammeRow[], f: ProgrammeFilter, cancelled: ReadonlySet<string>): ProgrammeEntry[] {
  const { from, to } = filterWindow(f.from, f.to);
  const out: ProgrammeEntry[] = [];
  for (const r of rows) {
    for (const e of r.schedule) {
      if (!e.public || !within(e, from, to)) continue;
      if (cancelled.has(`${r.plan_id}/${e.id}`)) continue;
      out.push({
        id: `${r.plan_id}:${e.id}`,
        planId: r.plan_id,
        planTitle: r.meta.title || r.plan_title,
        description: r.meta.publicDescription ?? '',
        kind: e.kind,
        title: e.title,
        start: e.start,
        end: e.end,
        days: entryDays(e, f.from, f.to),
        ...(e.recurrence ? { recurring: true as const } : {}),
        storefront: {
          id: r.storefront_id,
          title: r.storefront_title,
          address: r.address,
          lat: Number(r.lat),
          lng: Number(r.lng),
        },
        quarter: { id: r.quarter_id, name: r.quarter_name, slug: r.quarter_slug },
      });
    }
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
}
