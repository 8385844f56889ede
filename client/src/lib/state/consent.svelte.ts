import { consentRoutes, type ConsentState } from '@planner/shared';
import { ApiError, request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';

/**
 * The storefront owner's consent to a plan, live (issue 13): reloaded when it is given, when it goes
 * stale or fresh, on the plan's approval and status events and after a reconnect.
 */
export class PlanConsent {
  state = $state.raw<ConsentState | null>(null);
  error = $state.raw<ApiError | null>(null);
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
      realtime.on('consent:recorded', mine),
      realtime.on('consent:stale', mine),
      realtime.on('approval:recorded', mine),
      realtime.on('plan:status', mine),
      realtime.onReconnect(soon),
    );
    void this.load();
  }

  async load() {
    try {
      this.state = await request(consentRoutes.state, { params: { planId: this.planId } });
      this.error = null;
    } catch (e) {
      this.error = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', '', {}, String(e));
    }
  }

  destroy() {
    clearTimeout(this.#timer);
    for (const off of this.#off) off();
  }
}
