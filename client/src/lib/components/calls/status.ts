import type { CallSummary, PublicCall } from '@planner/shared';

/** The i18n key of a call's status as the public reads it (a published call past its deadline is closed). */
export function statusKey(c: Pick<CallSummary | PublicCall, 'status' | 'open'>): string {
  if (c.status === 'published') return c.open ? 'calls.status.open' : 'calls.status.closed';
  return `calls.status.${c.status}`;
}
