/**
 * What a selected application's draft plan starts with (issue 16): meta (title, disciplines, expected
 * audience), the concept, a schedule skeleton for the period and the checklist tasks. Pure: it writes
 * into a Y.Doc that the caller applies to the plan's live document with a server origin.
 *
 * The skeleton (Europe/Berlin wall-clock times) for a period of days S..E:
 * - three days or more: setup on S 10–18, opening on S+1 18–21, opening hours 12–18 on every day from
 *   S+1 to E−1 (at most {@link MAX_OPEN_DAYS}), teardown on E 10–18;
 * - two days: setup S 10–16, opening S 18–21, opening hours E 12–16, teardown E 17–20;
 * - one day: setup 9–12, opening hours 12–18, opening 18–20, teardown 20–23.
 * Tasks are due `days_before` days before S (none without a period), assigned to the lead.
 */
import type * as Y from 'yjs';
import { addScheduleEntry, addTask, DISCIPLINES, fromBerlinLocal, setConcept, setMeta, type ScheduleKind } from '@planner/shared';

export const MAX_OPEN_DAYS = 60;

export interface PlanSeed {
  title: string;
  concept: string;
  disciplines: string[];
  expectedAudience: string;
  periodStart: string | null;
  periodEnd: string | null;
  leadId: string;
  checklist: { title: string; daysBefore: number | null }[];
}

const TITLES: Record<'setup' | 'opening' | 'open-hours' | 'teardown', string> = {
  setup: 'Aufbau',
  opening: 'Eröffnung',
  'open-hours': 'Öffnungszeiten',
  teardown: 'Abbau',
};

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The skeleton's entries (kind, day, from hour, to hour). */
export function skeleton(start: string, end: string): { kind: keyof typeof TITLES; day: string; from: number; to: number }[] {
  const days = Math.round((Date.parse(`${end}T12:00:00Z`) - Date.parse(`${start}T12:00:00Z`)) / 86_400_000) + 1;
  if (days <= 1) {
    return [
      { kind: 'setup', day: start, from: 9, to: 12 },
      { kind: 'open-hours', day: start, from: 12, to: 18 },
      { kind: 'opening', day: start, from: 18, to: 20 },
      { kind: 'teardown', day: start, from: 20, to: 23 },
    ];
  }
  if (days === 2) {
    return [
      { kind: 'setup', day: start, from: 10, to: 16 },
      { kind: 'opening', day: start, from: 18, to: 21 },
      { kind: 'open-hours', day: end, from: 12, to: 16 },
      { kind: 'teardown', day: end, from: 17, to: 20 },
    ];
  }
  const out: { kind: keyof typeof TITLES; day: string; from: number; to: number }[] = [
    { kind: 'setup', day: start, from: 10, to: 18 },
    { kind: 'opening', day: addDays(start, 1), from: 18, to: 21 },
  ];
  for (let i = 1; i < days - 1 && i <= MAX_OPEN_DAYS; i++)
    out.push({ kind: 'open-hours', day: addDays(start, i), from: 12, to: 18 });
  out.push({ kind: 'teardown', day: end, from: 10, to: 18 });
  return out;
}

const at = (day: string, hour: number) => fromBerlinLocal(`${day}T${String(hour).padStart(2, '0')}:00`)!;

/** Writes the seed into `doc` (one transaction). */
export function seedPlanDoc(doc: Y.Doc, seed: PlanSeed): void {
  doc.transact(() => {
    const known = new Set<string>(DISCIPLINES);
    setMeta(doc, {
      title: seed.title.slice(0, 200),
      disciplines: seed.disciplines.filter((d) => known.has(d)) as (typeof DISCIPLINES)[number][],
      expectedAudience: seed.expectedAudience.slice(0, 500),
    });
    setConcept(doc, seed.concept);
    const start = seed.periodStart ?? seed.periodEnd;
    const end = seed.periodEnd ?? seed.periodStart;
    if (start && end && end >= start) {
      for (const e of skeleton(start, end)) {
        addScheduleEntry(doc, {
          kind: e.kind as ScheduleKind,
          title: TITLES[e.kind],
          start: at(e.day, e.from),
          end: at(e.day, e.to),
        });
      }
    }
    for (const t of seed.checklist) {
      addTask(doc, {
        title: t.title,
        assignee: seed.leadId,
        due: start && t.daysBefore !== null ? addDays(start, -t.daysBefore) : null,
        status: 'todo',
      });
    }
  });
}
