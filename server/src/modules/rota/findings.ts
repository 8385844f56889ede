/**
 * The rota's findings (issue 18), pure: hours of opening hours and events nobody is on duty for
 * (`rota-uncovered`), shifts below their minimum (`rota-understaffed`), and an account on two shifts at
 * once in different plans (`rota-person-double-booked`, flagged in both plans). Uncovered and
 * under-staffed hours are warnings, errors when they start within {@link ROTA_URGENT_HOURS} hours;
 * what has ended is no longer a finding.
 */
import { ROTA_ENTRY_KINDS, ROTA_URGENT_HOURS, type Finding, type Severity } from '@planner/shared';
import { finding } from '@planner/shared/checks/index';
import type { ScheduleEntry } from '@planner/shared/plan/index';
import { occurrencesOf } from '@planner/shared/plan/index';

export interface RotaShiftInput {
  id: string;
  start: string;
  end: string;
  minPeople: number;
  label: string;
  /** How many people are on it. */
  people: number;
}

export interface RotaOverlapInput {
  userId: string;
  shiftId: string;
  label: string;
  otherShiftId: string;
  otherPlanId: string;
  otherPlanTitle: string;
  start: string;
  end: string;
}

/** A rota-relevant schedule entry read from untrusted document JSON, or null. */
export function rotaEntryOf(raw: unknown): ScheduleEntry | null {
  if (!raw || typeof raw !== 'object') return null;
  const e = raw as Record<string, unknown>;
  if (typeof e.id !== 'string' || typeof e.kind !== 'string' || !(ROTA_ENTRY_KINDS as readonly string[]).includes(e.kind))
    return null;
  if (typeof e.start !== 'string' || typeof e.end !== 'string') return null;
  const s = Date.parse(e.start);
  const t = Date.parse(e.end);
  if (!Number.isFinite(s) || !Number.isFinite(t) || t <= s) return null;
  return { ...(e as unknown as ScheduleEntry), title: typeof e.title === 'string' ? e.title : '' };
}

/** Rota-relevant entries of a document's schedule (a record or a list of untrusted values). */
export function rotaEntries(schedule: unknown): ScheduleEntry[] {
  const values = Array.isArray(schedule) ? schedule : schedule && typeof schedule === 'object' ? Object.values(schedule) : [];
  return values.map(rotaEntryOf).filter((e): e is ScheduleEntry => e !== null);
}

const iso = (ms: number) => new Date(ms).toISOString();

function severityAt(startMs: number, now: number): Severity {
  return startMs - now < ROTA_URGENT_HOURS * 3_600_000 ? 'error' : 'warning';
}

/** Parts of [start, end) that none of `covered` covers. */
export function gaps(start: number, end: number, covered: readonly [number, number][]): [number, number][] {
  const sorted = covered.filter(([s, e]) => e > start && s < end).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let at = start;
  for (const [s, e] of sorted) {
    if (s > at) out.push([at, Math.min(s, end)]);
    at = Math.max(at, e);
    if (at >= end) break;
  }
  if (at < end) out.push([at, end]);
  return out;
}

export function rotaFindings(input: {
  planId: string;
  entries: readonly ScheduleEntry[];
  shifts: readonly RotaShiftInput[];
  overlaps: readonly RotaOverlapInput[];
  now: number;
}): Finding[] {
  const { planId, now } = input;
  const out: Finding[] = [];
  const staffed: [number, number][] = input.shifts
    .filter((s) => s.people > 0)
    .map((s) => [Date.parse(s.start), Date.parse(s.end)]);
  const insideOccurrence: [number, number][] = [];

  for (const e of input.entries) {
    for (const o of occurrencesOf(e)) {
      const s = Date.parse(o.start);
      const t = Date.parse(o.end);
      if (!Number.isFinite(s) || !Number.isFinite(t) || t <= now) continue;
      insideOccurrence.push([s, t]);
      for (const [gs, ge] of gaps(Math.max(s, now), t, staffed)) {
        out.push(
          finding(
            'rota-uncovered',
            severityAt(gs, now),
            'findings.rotaUncovered',
            { title: e.title || e.kind, start: iso(gs), end: iso(ge) },
            [e.id, `${e.id}@${iso(gs)}`],
            [planId],
          ),
        );
      }
    }
  }

  for (const sh of input.shifts) {
    const s = Date.parse(sh.start);
    const t = Date.parse(sh.end);
    if (t <= now || sh.people >= sh.minPeople) continue;
    // An empty shift during opening hours is already an uncovered finding; said once.
    if (sh.people === 0 && insideOccurrence.some(([os, oe]) => os < t && oe > s)) continue;
    out.push(
      finding(
        'rota-understaffed',
        severityAt(s, now),
        'findings.rotaUnderstaffed',
        { shift: sh.label || '–', start: sh.start, end: sh.end, people: sh.people, min: sh.minPeople },
        [sh.id],
        [planId],
      ),
    );
  }

  for (const o of input.overlaps) {
    if (Date.parse(o.end) <= now) continue;
    out.push(
      finding(
        'rota-person-double-booked',
        'warning',
        'findings.rotaPersonDoubleBooked',
        { assignee: o.userId, shift: o.label || '–', otherPlan: o.otherPlanTitle, start: o.start, end: o.end },
        [o.shiftId, o.otherShiftId, o.userId],
        [planId, o.otherPlanId],
      ),
    );
  }
  return out;
}
