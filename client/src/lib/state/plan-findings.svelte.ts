import { checkRoutes, type Finding } from '@planner/shared';
import { request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';
import { catalogued } from './findings';

/**
 * One plan's findings as the server computes them (all kinds, cross-plan ones included), live: loaded
 * once, and again whenever the plan's checks change (`checks:changed`) or the socket reconnects. The
 * event itself names no other plan (a plan room has readers with different rights), so the page asks
 * the server again, which names another plan to those who may read it.
 */
export class PlanFindings {
  list = $state<Finding[]>([]);
  loading = $state(true);
  error = $state<Error | null>(null);
  readonly #planId: string;
  #seq = 0;

  constructor(planId: string) {
    this.#planId = planId;
  }

  load = async (): Promise<void> => {
    const seq = ++this.#seq;
    try {
      const r = await request(checkRoutes.plan, { params: { planId: this.#planId } });
      if (seq !== this.#seq) return;
      this.list = catalogued(r.findings);
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e : new Error(String(e));
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  };

  /** Loads and follows the plan's checks; returns the function that stops following. */
  start(): () => void {
    void this.load();
    const offChanged = realtime.on('checks:changed', (p) => {
      if (p.planId === this.#planId) void this.load();
    });
    const offReconnect = realtime.onReconnect(() => void this.load());
    return () => {
      offChanged();
      offReconnect();
    };
  }
}

/** How many findings of each severity. */
export function countBySeverity(list: readonly Finding[]): Record<Finding['severity'], number> {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of list) n[f.severity]++;
  return n;
}
