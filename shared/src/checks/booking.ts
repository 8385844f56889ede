/**
 * Storefront booked twice. A plan holds its storefront for the whole span of its schedule, from
 * its first entry's start to its last entry's end (setup to teardown: the installation stays in the
 * shop in between), so two plans collide when those spans overlap. Touching spans do not.
 */
import { finding } from './finding.ts';
import { intersection, type Interval, intervalOf, iso, overlaps } from './time.ts';
import { ACTIVE_STATUSES, BOOKING_STATUSES, type Finding, itemsOf, type PlanInput } from './types.ts';

/** The span a plan occupies its storefront, or null without usable entries. */
export function occupancySpan(plan: PlanInput): Interval | null {
  let span: Interval | null = null;
  for (const e of itemsOf(plan.schedule)) {
    const i = intervalOf(e);
    if (!i) continue;
    span = span ? { start: Math.min(span.start, i.start), end: Math.max(span.end, i.end) } : i;
  }
  return span;
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
    const sa = occupancySpan(a);
    if (!sa) continue;
    for (let j = i + 1; j < booked.length; j++) {
      const b = booked[j];
      if (b.storefrontId !== a.storefrontId || b.id === a.id) continue;
      const sb = occupancySpan(b);
      if (!sb || !overlaps(sa, sb)) continue;
      const x = intersection(sa, sb);
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
  const span = occupancySpan(plan);
  if (!span || !ACTIVE_STATUSES.includes(plan.status)) return [];
  const holds = BOOKING_STATUSES.includes(plan.status);
  const out: Finding[] = [];
  for (const other of others) {
    if (other.id === plan.id || other.storefrontId !== plan.storefrontId || !ACTIVE_STATUSES.includes(other.status)) continue;
    const os = occupancySpan(other);
    if (!os || !overlaps(span, os)) continue;
    const x = intersection(span, os);
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
