/**
 * The "Heute" view (issue 18): for one person and one Berlin calendar day, their shifts and the opening
 * hours and events of the plans they are a member of, each with the storefront's address.
 */
import type { TodayEntry, TodayShift, TodayView } from '@planner/shared';
import { berlinDay, berlinMidnight, toBerlinISO } from '@planner/shared/plan/index';
import type { Queryable } from '../../platform/db/database.ts';
import { rotaEntries } from './findings.ts';
import { occurrencesOf } from '@planner/shared/plan/index';
import * as repo from './repo.ts';

/** The day after a Berlin calendar day (`YYYY-MM-DD`). */
function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export async function todayOf(db: Queryable, userId: string, day: string | undefined, now: number): Promise<TodayView> {
  const date = day ?? berlinDay(now);
  const from = berlinMidnight(date).getTime();
  const to = berlinMidnight(nextDay(date)).getTime();

  const shiftRows = await repo.shiftsOfPerson(db, userId, new Date(from).toISOString(), new Date(to).toISOString());
  const people = await repo.peopleOf(
    db,
    shiftRows.map((r) => r.id),
  );
  const shifts: TodayShift[] = shiftRows.map((r) => ({
    shiftId: r.id,
    planId: r.plan_id,
    planTitle: r.plan_title,
    label: r.label,
    start: toBerlinISO(r.starts_at),
    end: toBerlinISO(r.ends_at),
    minPeople: r.min_people,
    people: people.filter((p) => p.shift_id === r.id).map((p) => p.name),
    storefrontTitle: r.storefront_title,
    address: r.address,
  }));

  const entries: TodayEntry[] = [];
  for (const p of await repo.plansOfMember(db, userId)) {
    for (const e of rotaEntries(p.schedule)) {
      for (const o of occurrencesOf(e)) {
        const s = Date.parse(o.start);
        const t = Date.parse(o.end);
        if (!(s < to && t > from)) continue;
        entries.push({
          planId: p.plan_id,
          planTitle: p.title,
          entryId: e.id,
          kind: e.kind,
          title: e.title,
          start: toBerlinISO(s),
          end: toBerlinISO(t),
          storefrontTitle: p.storefront_title,
          address: p.address,
        });
      }
    }
  }
  entries.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.planTitle.localeCompare(b.planTitle));
  return { date, shifts, entries };
}
