/**
 * Storefront booked twice. A plan holds its storefront for the whole span of its one-off entries, from
 * the first one's start to the last one's end (setup to teardown: the installation stays in the shop
 * in between). Recurring opening hours (issue 18) hold it only while they are open: two exhibitions
 * that share a shop on different weekdays do not collide. Two plans collide when what they hold
 * overlaps; touching does not.
 */
import { finding } from './finding.ts';
import { firstOverlap, type Interval, intervalOf, intervalsOf, iso, mergeIntervals } from './time.ts';
import { ACTIVE_STATUSES, BOOKING_STATUSES, type Finding, itemsOf, type PlanInput } from './types.ts';

/** The span of a plan's one-off entries (those without a weekly pattern), or null without any. */
export function occupancySpan(plan: PlanInput): Interval | null {
  let span: Interval | null = null;
  for (const e of itemsOf(plan.schedule)) {
    if (e.recurrence) continue;
    const i = intervalOf(e);
    if (!i) continue;
    span = span ? { start: Math.min(span.start, i.start), end: Math.max(span.end, i.end) } : i;
  }
  return span;
}

/** Everything a plan holds its storefront for: the span of its one-off entries and the occurrences of its patterns. */
export function occupancyOf(plan: PlanInput): Interval[] {
  const span = occupancySpan(plan);
  const recurring = itemsOf(plan.schedule)
    .filter((e) => e.recurrence)
    .flatMap(intervalsOf);
  return mergeIntervals(span ? [span, ...recurring] : recurring);
}

const name = (p: PlanInput) => p.title || p.id;

/**
 * Double bookings among plans: every pair of plans of one storefront, both in a booking status
 * (submitted, approved, published), whose spans overlap. Error; ids and planIds are the two plans.
 */
export function checkDoubleBookings(plans: readonly PlanInput[]): Finding[] {
  const booked = plans.filter((p) => BOOKING_STATUSES.includes(p.status));
  const out: Finding[] = [];
  for (let i = 0; i < booked.length; i++) {
    const a = booked[i];
    const sa = occupancyOf(a);
    if (!sa.length) continue;
    for (let j = i + 1; j < booked.length; j++) {
      const b = booked[j];
      if (b.storefrontId !== a.storefrontId || b.id === a.id) continue;
      const x = firstOverlap(sa, occupancyOf(b));
      if (!x) continue;
      out.push(
        finding(
          'double-booking',
          'error',
          'findings.doubleBooking',
          { plan: name(a), otherPlan: name(b), start: iso(x.start), end: iso(x.end) },
          [a.id, b.id],
          [a.id, b.id],
        ),
      );
    }
  }
  return out;
}

/**
 * Double bookings from one plan's point of view, against the other live plans of its storefront
 * (drafts included, issue 13). Against a plan that holds the storefront (submitted, approved,
 * published): an error when this plan holds it too (as in checkDoubleBookings), a warning when this
 * plan is still a draft. Against another draft: info, whatever this plan's status. planIds are this
 * plan and the other one (the reader's view hides the other where it may not be read).
 */
export function checkDoubleBookingsFor(plan: PlanInput, others: readonly PlanInput[]): Finding[] {
  const span = occupancyOf(plan);
  if (!span.length || !ACTIVE_STATUSES.includes(plan.status)) return [];
  const holds = BOOKING_STATUSES.includes(plan.status);
  const out: Finding[] = [];
  for (const other of others) {
    if (other.id === plan.id || other.storefrontId !== plan.storefrontId || !ACTIVE_STATUSES.includes(other.status)) continue;
    const x = firstOverlap(span, occupancyOf(other));
    if (!x) continue;
    const params = { plan: name(plan), otherPlan: name(other), start: iso(x.start), end: iso(x.end) };
    const ids = [plan.id, other.id];
    out.push(
      !BOOKING_STATUSES.includes(other.status)
        ? finding('double-booking', 'info', 'findings.doubleBookingDraft', params, ids, [plan.id, other.id])
        : holds
          ? finding('double-booking', 'error', 'findings.doubleBooking', params, ids, [plan.id, other.id])
          : finding('double-booking', 'warning', 'findings.doubleBookingPending', params, ids, [plan.id, other.id]),
    );
  }
  return out;
}
