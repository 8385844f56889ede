import {
  approvalRoutes,
  planRoutes,
  versionRoutes,
  type ApprovalState,
  type PlanSummary,
  type VersionSummary,
} from '@planner/shared';
import { ApiError, request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';
import { isNewer, markOf, reconcile, withDiff } from './live-diff';

/**
 * The plan's review state, live: summary (status), approval (with staleness and what changed since),
 * versions. Reloaded on the plan's approval and status events and after a reconnect.
 */
export class PlanReview {
  plan = $state.raw<PlanSummary | null>(null);
  approval = $state.raw<ApprovalState | null>(null);
  versions = $state.raw<VersionSummary[]>([]);
  /** Why the plan itself could not be loaded (e.g. 403, 404): the editor shows it instead of a spinner. */
  error = $state.raw<ApiError | null>(null);
  /** Why the approval state or the versions could not be loaded (the review tab shows it). */
  partError = $state.raw<ApiError | null>(null);
  #off: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly planId: string) {
    const soon = () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.load(), 100);
    };
    const mine = (p: { planId: string }) => {
      if (p.planId === this.planId) soon();
    };
    this.#off.push(
      realtime.on('approval:recorded', mine),
      realtime.on('approval:stale', mine),
      realtime.on('approval:diff', (e) => {
        if (e.planId !== this.planId) return;
        const a = this.approval;
        // A diff against an approval this page does not know yet: read the state again.
        if (!a?.current || a.current.id !== e.approvalId) {
          if (!a?.current || e.approvalId > a.current.id) soon();
          return;
        }
        if (isNewer(markOf(a), e)) this.approval = withDiff(a, e);
      }),
      realtime.on('plan:status', mine),
      realtime.on('access:changed', mine),
      realtime.onReconnect(soon),
    );
    void this.load();
  }

  async load() {
    const params = { planId: this.planId };
    const [plan, approval, versions] = await Promise.allSettled([
      request(planRoutes.get, { params }),
      request(approvalRoutes.state, { params }),
      request(versionRoutes.list, { params }),
    ]);
    const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', '', {}, String(e)));
    if (plan.status === 'fulfilled') this.plan = plan.value;
    this.error = plan.status === 'rejected' ? asError(plan.reason) : null;
    if (approval.status === 'fulfilled') this.approval = reconcile(this.approval, approval.value);
    if (versions.status === 'fulfilled') this.versions = versions.value.items;
    const part = [approval, versions].find((r) => r.status === 'rejected');
    this.partError = part ? asError(part.reason) : null;
  }

  destroy() {
    clearTimeout(this.#timer);
    for (const off of this.#off) off();
  }
}
