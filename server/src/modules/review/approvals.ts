/**
 * Transitional: modules/feeds/service.ts (not this branch's file) still imports BOUND_STATUSES from
 * here. It lives in @planner/shared; delete this file once feeds imports it from there.
 */
export { BOUND_STATUSES } from '@planner/shared';
