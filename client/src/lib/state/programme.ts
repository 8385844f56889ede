import { eventPath, type ProgrammeDay, type programmeRoutes, type RouteResponse } from '@planner/shared';
import { time } from '$lib/format';

/** One entry of the public programme, flattened for display. */
export interface ProgrammeRow {
  id: string;
  title: string;
  kind: string;
  start: string;
  end: string;
  /** The Berlin days it runs on within the asked window, each with that day's part of it. */
  days: ProgrammeDay[];
  description: string;
  planId: string;
  planTitle: string;
  storefrontTitle: string;
  address: string;
  quarterId: string;
  quarterName: string;
  /** The entry's public page, `/programm/<slug>`. */
  href: string;
}

/** The answer of `GET /api/public/programme` as rows, sorted by start. */
export function normaliseProgramme(answer: RouteResponse<typeof programmeRoutes.list>): ProgrammeRow[] {
  return answer.items
    .map((e) => ({
      id: e.id,
      title: e.title,
      kind: e.kind,
      start: e.start,
      end: e.end,
      days: e.days,
      description: e.description,
      planId: e.planId,
      planTitle: e.planTitle,
      storefrontTitle: e.storefront.title,
      address: e.storefront.address,
      quarterId: e.quarter.id,
      quarterName: e.quarter.name,
      href: eventPath({
        planId: e.planId,
        entryId: e.id.slice(e.planId.length + 1),
        title: e.title || e.planTitle,
        start: e.start,
      }),
    }))
    .sort((x, y) => Date.parse(x.start) - Date.parse(y.start));
}

/** One day of the programme: the entries running that day, each with its part of the day. */
export interface ProgrammeDayGroup {
  day: string;
  entries: { row: ProgrammeRow; part: ProgrammeDay }[];
}

/**
 * Rows grouped by the days they run on (an entry over several days is under each of them), days in
 * order, entries of a day by their start on that day.
 */
export function programmeByDay(rows: ProgrammeRow[]): ProgrammeDayGroup[] {
  const m = new Map<string, ProgrammeDayGroup['entries']>();
  for (const row of rows) {
    for (const part of row.days) {
      const list = m.get(part.day) ?? [];
      list.push({ row, part });
      m.set(part.day, list);
    }
  }
  return [...m.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([day, entries]) => ({
      day,
      entries: entries.sort((a, b) => Date.parse(a.part.start) - Date.parse(b.part.start) || (a.row.id < b.row.id ? -1 : 1)),
    }));
}

/** The path of the public iCalendar feed for a quarter filter (all quarters when empty). */
export function programmeFeedPath(quarter: string | null | undefined): string {
  return `/api/public/programme.ics${quarter ? `?quarter=${encodeURIComponent(quarter)}` : ''}`;
}

/** The same feed as a `webcal://` link (calendar apps subscribe to it rather than download it once). */
export function webcalUrl(origin: string, path: string): string {
  return `webcal://${new URL(origin).host}${path}`;
}

type Translate = (key: string, options?: { values: Record<string, string> }) => string;

/** That day's hours of an entry: "11:00–18:00", or "ab 11:00" / "ganztägig" / "bis 18:00" for a day of a longer one. */
export function dayHours(p: ProgrammeDay, t: Translate): string {
  if (p.part === 'first') return t('programme.fromTime', { values: { time: time(p.start) } });
  if (p.part === 'middle') return t('programme.allDay');
  if (p.part === 'last') return t('programme.untilTime', { values: { time: time(p.end) } });
  return `${time(p.start)}–${time(p.end)}`;
}
