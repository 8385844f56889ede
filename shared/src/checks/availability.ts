/**
 * Schedule entries outside the storefront's availability windows. An entry is inside when the
 * union of the windows covers it: an entry exactly at a window's edge is inside, and one spanning
 * two adjacent (touching or overlapping) windows is inside too. No windows means nothing is inside.
 * An entry with a weekly pattern is inside when each of its occurrences is; the finding names the
 * first occurrence outside.
 */
import { finding } from './finding.ts';
import { coveredBy, type Interval, intervalOf, intervalsOf, iso } from './time.ts';
import { type Finding, itemsOf, type PlanInput, type StorefrontInput } from './types.ts';

export function checkAvailability(plan: PlanInput, storefront: Pick<StorefrontInput, 'availability'>): Finding[] {
  const windows = storefront.availability.map(intervalOf).filter((w): w is Interval => w !== null);
  const out: Finding[] = [];
  for (const e of itemsOf(plan.schedule)) {
    const outside = intervalsOf(e).find((i) => !coveredBy(i, windows));
    if (!outside) continue;
    const params = e.recurrence
      ? { title: e.title, start: iso(outside.start), end: iso(outside.end) }
      : { title: e.title, start: e.start, end: e.end };
    out.push(finding('outside-availability', 'error', 'findings.outsideAvailability', params, [e.id], [plan.id]));
  }
  return out;
}
