import { rotaRoutes, type Finding, type RotaView } from '@planner/shared';
import { request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';
import { catalogued } from './findings';

/**
 * One plan's duty rota (issue 18), live: loaded once, and again when someone changes it
 * (`rota:changed`), when the plan's checks change (an edited opening-hours entry moves its findings)
 * or after a reconnect. An older answer never overwrites a newer one.
 */
export class PlanRota {
  view = $state<Omit<RotaView, 'findings' | 'may'> | null>(null);
  /** What the reader may do (from the server; nothing until loaded). */
  may = $state<RotaView['may']>({ manage: false, assign: false, signUp: false, swap: false });
  findings = $state<Finding[]>([]);
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
      const r = await request(rotaRoutes.get, { params: { planId: this.#planId } });
      if (seq !== this.#seq) return;
      const { findings, may, ...view } = r;
      this.view = view;
      this.may = may;
      this.findings = catalogued(findings);
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e : new Error(String(e));
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  };

  /** Loads and follows the rota; returns the function that stops following. */
  start(): () => void {
    void this.load();
    const mine = (p: { planId: string }) => {
      if (p.planId === this.#planId) void this.load();
    };
    const offs = [
      realtime.on('rota:changed', mine),
      realtime.on('checks:changed', mine),
      realtime.onReconnect(() => void this.load()),
    ];
    return () => {
      for (const off of offs) off();
    };
  }
}
