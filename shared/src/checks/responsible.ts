/**
 * A person responsible for overlapping entries across plans. Responsibility comes from tasks linked
 * to schedule entries (task.assignee + task.scheduleEntryId). Only entries of different plans are
 * compared: within one plan, overlapping entries (an event during opening hours) are normal. Entries
 * with a weekly pattern are compared by their occurrences (issue 18).
 */
import { finding } from './finding.ts';
import { firstOverlap, type Interval, intervalsOf, iso } from './time.ts';
import { ACTIVE_STATUSES, BOOKING_STATUSES, type Finding, itemsOf, type PlanInput, type Severity } from './types.ts';

interface Duty {
  assignee: string;
  plan: PlanInput;
  taskId: string;
  entryId: string;
  title: string;
  spans: Interval[];
}

function dutiesOf(plan: PlanInput): Duty[] {
  const entries = new Map(itemsOf(plan.schedule).map((e) => [e.id, e]));
  const out: Duty[] = [];
  for (const t of itemsOf(plan.tasks)) {
    if (!t.assignee || !t.scheduleEntryId) continue;
    const e = entries.get(t.scheduleEntryId);
    const spans = e ? intervalsOf(e) : [];
    if (e && spans.length) out.push({ assignee: t.assignee, plan, taskId: t.id, entryId: e.id, title: e.title, spans });
  }
  return out;
}

/** Where two duties overlap first, or null. */
const clash = (a: Duty, b: Duty) => firstOverlap(a.spans, b.spans);

function conflict(a: Duty, b: Duty, x: Interval, planIds: string[], severity: Severity = 'warning'): Finding {
  return finding(
    'person-double-booked',
    severity,
    'findings.personDoubleBooked',
    {
      assignee: a.assignee,
      title: a.title,
      otherTitle: b.title,
      otherPlan: b.plan.title || b.plan.id,
      start: iso(x.start),
      end: iso(x.end),
    },
    [a.entryId, a.taskId, b.entryId, b.taskId, a.assignee],
    planIds,
  );
}

/** Every overlap of one person's duties in different active plans (each pair of entries once). */
export function checkPersonDoubleBookings(plans: readonly PlanInput[]): Finding[] {
  const byPerson = new Map<string, Duty[]>();
  for (const p of plans) {
    if (!ACTIVE_STATUSES.includes(p.status)) continue;
    for (const d of dutiesOf(p)) byPerson.set(d.assignee, [...(byPerson.get(d.assignee) ?? []), d]);
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const duties of byPerson.values()) {
    for (let i = 0; i < duties.length; i++) {
      for (let j = i + 1; j < duties.length; j++) {
        const a = duties[i];
        const b = duties[j];
        if (a.plan.id === b.plan.id) continue;
        const x = clash(a, b);
        if (!x) continue;
        const key = [a.assignee, ...[a.entryId, b.entryId].sort()].join('|');
        if (seen.has(key)) continue; // several tasks of one person on the same two entries
        seen.add(key);
        out.push(conflict(a, b, x, [a.plan.id, b.plan.id]));
      }
    }
  }
  return out;
}

/**
 * The same from one plan's point of view: its duties against those in the other active plans. A
 * warning against a plan that holds its storefront (submitted, approved, published), info against a
 * draft. planIds are this plan and the other one.
 */
export function checkPersonDoubleBookingsFor(plan: PlanInput, others: readonly PlanInput[]): Finding[] {
  if (!ACTIVE_STATUSES.includes(plan.status)) return [];
  const theirs = others.filter((p) => p.id !== plan.id && ACTIVE_STATUSES.includes(p.status)).flatMap(dutiesOf);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const a of dutiesOf(plan)) {
    for (const b of theirs) {
      if (b.assignee !== a.assignee) continue;
      const x = clash(a, b);
      if (!x) continue;
      const key = [a.assignee, a.entryId, b.entryId].join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(conflict(a, b, x, [plan.id, b.plan.id], BOOKING_STATUSES.includes(b.plan.status) ? 'warning' : 'info'));
    }
  }
  return out;
}
