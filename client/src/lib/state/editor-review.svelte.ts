import type { ApprovalState, PlanSummary, VersionSummary } from '@planner/shared';
import { api } from '$lib/api/client';
import { realtime } from '$lib/sync/realtime';

/**
 * The plan's review state, live: summary (status), approval (with staleness and what changed since),
 * versions. Reloaded on the plan's approval and status events and after a reconnect.
 */
export class PlanReview {
  plan = $state.raw<PlanSummary | null>(null);
  approval = $state.raw<ApprovalState | null>(null);
  versions = $state.raw<VersionSummary[]>([]);
  #off: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly planId: string) {
    const soon = () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.load(), 100);
    };
    this.#off.push(
      realtime.on(
        (e) => e.startsWith('approval:') || e === 'plan:status' || e === 'access:changed',
        (_e, payload) => {
          if ((payload as { planId?: string })?.planId === this.planId) soon();
        },
      ),
      realtime.onReconnect(soon),
    );
    void this.load();
  }

  async load() {
    const [plan, approval, versions] = await Promise.allSettled([
      api.get<PlanSummary>(`/api/plans/${this.planId}`),
      api.get<ApprovalState>(`/api/plans/${this.planId}/approval`),
      api.get<{ items: VersionSummary[] }>(`/api/plans/${this.planId}/versions`),
    ]);
    if (plan.status === 'fulfilled') this.plan = plan.value;
    if (approval.status === 'fulfilled') this.approval = approval.value;
    if (versions.status === 'fulfilled') this.versions = versions.value.items;
  }

  destroy() {
    clearTimeout(this.#timer);
    for (const off of this.#off) off();
  }
}
