/**
 * Task readiness before setup. For tasks that are not done:
 * - unassigned: no assignee and no external helper (warning);
 * - due after setup: due later than the first setup entry's start (warning), unless the task is
 *   linked to an entry that itself starts after setup begins (it prepares that entry, e.g. a talk);
 *   a plain due date counts from the start of that day (Europe/Berlin);
 * - overdue: due before `now` (warning); a plain due date counts until the end of that day.
 */
import { finding } from './finding.ts';
import { dueSpan, instant, iso } from './time.ts';
import { type Finding, itemsOf, type PlanInput } from './types.ts';

/** Start (epoch ms) of the plan's first setup entry, or null. */
export function firstSetupStart(plan: PlanInput): number | null {
  let first: number | null = null;
  for (const e of itemsOf(plan.schedule)) {
    if (e.kind !== 'setup') continue;
    const t = instant(e.start);
    if (Number.isFinite(t) && (first === null || t < first)) first = t;
  }
  return first;
}

export function checkTasks(plan: PlanInput, now?: string | Date): Finding[] {
  const setup = firstSetupStart(plan);
  const nowMs = now === undefined ? NaN : typeof now === 'string' ? instant(now) : now.getTime();
  const entryStart = new Map(itemsOf(plan.schedule).map((e) => [e.id, instant(e.start)]));
  const out: Finding[] = [];
  for (const t of itemsOf(plan.tasks)) {
    if (t.status === 'done') continue;
    if (!t.assignee && !t.helper)
      out.push(finding('task-unassigned', 'warning', 'findings.taskUnassigned', { title: t.title }, [t.id], [plan.id]));
    const due = t.due ? dueSpan(t.due) : null;
    if (!due) continue;
    const linkedStart = t.scheduleEntryId ? entryStart.get(t.scheduleEntryId) : undefined;
    const preparesLaterEntry = setup !== null && linkedStart !== undefined && linkedStart > setup;
    if (setup !== null && due.start > setup && !preparesLaterEntry) {
      out.push(
        finding(
          'task-due-after-setup',
          'warning',
          'findings.taskDueAfterSetup',
          { title: t.title, due: t.due!, setup: iso(setup) },
          [t.id],
          [plan.id],
        ),
      );
    }
    if (Number.isFinite(nowMs) && due.end < nowMs) {
      out.push(finding('task-overdue', 'warning', 'findings.taskOverdue', { title: t.title, due: t.due! }, [t.id], [plan.id]));
    }
  }
  return out;
}
