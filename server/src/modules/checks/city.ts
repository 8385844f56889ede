/**
 * The staff city view from stored findings (issue 19). Each live plan's findings are stored in
 * `plan_snapshots.findings`, computed from that plan's point of view after every edit (related plans
 * included); the city view reads those instead of running every plan's checks and every pair of plans
 * per request. What differs between a plan's view and the city's:
 * - a cross-plan finding is stored in both plans; the city lists it once, from the first plan's side.
 *   A double booking is an error of two plans that hold the storefront (a draft's pending ones are the
 *   plan's view only); a person in two places is a warning whatever the other plan's status. Both are
 *   taken only while both plans are live now, with their statuses now (not those when stored);
 * - the only finding of the plan checks that depends on the clock is `task-overdue`: its stored copies
 *   are dropped and it is computed at read time from the plans' tasks (cheap: no storefront, no pairs);
 * - the findings of live sources (the rota, computed at read time with the clock) are not part of the
 *   city view, as before; their stored copies are dropped.
 */
import {
  BOOKING_STATUSES,
  checkTasks,
  dueSpan,
  finding,
  sortFindings,
  type Finding,
  type PlanInput,
} from '@planner/shared/checks/index';

export interface StoredPlanFindings {
  id: string;
  status: string;
  /** The plan's findings from its own point of view (stored, or computed now when never stored). */
  findings: readonly Finding[];
  /** The plan's tasks from its snapshot (for the overdue check). */
  tasks: PlanInput['tasks'] | null;
}

/** The city's findings from each live plan's stored findings, `now` for the clock-dependent ones. */
export function cityFromStored(
  plans: readonly StoredPlanFindings[],
  now: Date,
  liveKinds: ReadonlySet<string> = new Set(),
): Finding[] {
  const status = new Map(plans.map((p) => [p.id, p.status]));
  const booking: ReadonlySet<string> = new Set(BOOKING_STATUSES);
  const books = (id: string | undefined) => !!id && booking.has(status.get(id) ?? '');
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const p of plans) {
    for (const f of p.findings) {
      if (f.kind === 'task-overdue' || liveKinds.has(f.kind)) continue;
      if (f.kind === 'double-booking') {
        const [a, b] = f.planIds;
        if (a !== p.id || !books(a) || !books(b)) continue;
        const key = `db|${[a, b].sort().join('|')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(finding('double-booking', 'error', 'findings.doubleBooking', f.params, f.ids, f.planIds));
      } else if (f.kind === 'person-double-booked') {
        const [a, b] = f.planIds;
        if (a !== p.id || !b || !status.has(b)) continue;
        // ids: this plan's entry and task, the other's entry and task, the person.
        const key = `pdb|${f.ids[4]}|${[f.ids[0], f.ids[2]].sort().join('|')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(f.severity === 'warning' ? f : { ...f, severity: 'warning' });
      } else {
        out.push(f);
      }
    }
    if (p.tasks) {
      const plan: PlanInput = {
        id: p.id,
        storefrontId: '',
        status: p.status,
        title: '',
        layout: {},
        schedule: {},
        tasks: p.tasks,
      };
      out.push(...checkTasks(plan, now).filter((f) => f.kind === 'task-overdue'));
    }
  }
  return sortFindings(out);
}

/**
 * The first instant after `now` at which one of these open tasks' due dates passes (a `task-overdue`
 * appears in the city view): a cached city view holds until then (Infinity: none will). checkTasks
 * calls a task overdue once its due span's end lies before now.
 */
export function overdueChangesAt(dues: readonly string[], now: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const d of dues) {
    const span = dueSpan(d);
    if (span && span.end >= now && span.end + 1 < next) next = span.end + 1;
  }
  return next;
}
