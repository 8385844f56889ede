/** Running all checks: for one plan (its members' view) and across plans (staff's city view). */
import { checkAvailability } from './availability.ts';
import { checkDoubleBookings, checkDoubleBookingsFor } from './booking.ts';
import { checkCapacity } from './capacity.ts';
import { sortFindings } from './finding.ts';
import { checkKeepClear, checkLayoutOutside, checkLayoutOverlaps, checkOutline } from './layout.ts';
import { checkPersonDoubleBookings, checkPersonDoubleBookingsFor } from './responsible.ts';
import { checkTasks } from './tasks.ts';
import { ACTIVE_STATUSES, type Finding, type PlanInput, type StorefrontInput } from './types.ts';

export interface PlanChecksInput {
  plan: PlanInput;
  /** The plan's storefront; without it only the checks that need no storefront run. */
  storefront?: StorefrontInput | null;
  /** Other plans to compare with: double bookings (same storefront) and people (any storefront). */
  otherPlans?: readonly PlanInput[];
  /** The current time, for overdue tasks; omitted: no overdue check. */
  now?: string | Date;
}

/** The checks that concern one plan alone (no other plans). */
function ownChecks(plan: PlanInput, storefront: StorefrontInput | null | undefined, now: string | Date | undefined): Finding[] {
  const out: Finding[] = [...checkLayoutOverlaps(plan), ...checkTasks(plan, now)];
  if (storefront) {
    out.push(
      ...checkOutline(plan, storefront),
      ...checkAvailability(plan, storefront),
      ...checkLayoutOutside(plan, storefront.outline),
      ...checkKeepClear(plan, storefront),
      ...checkCapacity(plan, storefront),
    );
  }
  return out;
}

/**
 * All checks for one plan, sorted errors first. Cross-plan findings (double booking, a person in
 * two places) appear from this plan's point of view; note that their params name the other plan
 * and entry, which the caller may have to hide from people without access to it.
 */
export function runPlanChecks(input: PlanChecksInput): Finding[] {
  const { plan, storefront, otherPlans = [], now } = input;
  return sortFindings([
    ...ownChecks(plan, storefront, now),
    ...checkDoubleBookingsFor(plan, otherPlans),
    ...checkPersonDoubleBookingsFor(plan, otherPlans),
  ]);
}

export interface CityChecksInput {
  storefronts: readonly StorefrontInput[];
  plans: readonly PlanInput[];
  now?: string | Date;
}

/**
 * All checks across the city, for staff: the own checks of every active plan (draft to
 * published) plus each double booking and each person conflict once, sorted errors first.
 */
export function runCityChecks(input: CityChecksInput): Finding[] {
  const storefronts = new Map(input.storefronts.map((s) => [s.id, s]));
  const active = input.plans.filter((p) => ACTIVE_STATUSES.includes(p.status));
  return sortFindings([
    ...active.flatMap((p) => ownChecks(p, storefronts.get(p.storefrontId), input.now)),
    ...checkDoubleBookings(active),
    ...checkPersonDoubleBookings(active),
  ]);
}
