import { underlayRoutes, type Underlay } from '@planner/shared';
import { request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';

const HIDDEN_KEY = (storefrontId: string) => `planner.underlay.hidden.${storefrontId}`;

/**
 * A storefront's floor-plan underlay (issue 17), live: loaded once, then kept current by the
 * `underlay:changed` event (plan rooms, staff room, the owner's room) and reloaded after a reconnect;
 * looked at again shortly while the server is still processing an upload. Whether it is shown is this
 * browser's choice per storefront (the opacity is the storefront's).
 */
export class StorefrontUnderlay {
  underlay = $state<Underlay | null>(null);
  loading = $state(true);
  error = $state<Error | null>(null);
  /** Shown under the drawing (this browser's choice). */
  visible = $state(true);
  /** The largest file an upload may be (from the server). */
  maxFileBytes = $state(0);
  #offs: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;

  constructor(readonly storefrontId: string) {
    if (typeof localStorage !== 'undefined') this.visible = localStorage.getItem(HIDDEN_KEY(storefrontId)) !== '1';
    this.#offs.push(
      realtime.on('underlay:changed', (p) => {
        if (p.storefrontId !== this.storefrontId) return;
        this.#seq++;
        this.apply(p.underlay);
      }),
      realtime.onReconnect(() => void this.load()),
    );
    void this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    try {
      const res = await request(underlayRoutes.get, { params: { storefrontId: this.storefrontId } });
      if (seq !== this.#seq) return;
      this.error = null;
      this.maxFileBytes = res.maxFileBytes;
      this.apply(res.underlay);
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e : new Error(String(e));
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Takes a newer state (an answer of this page's own change, or a live event). */
  apply(next: Underlay | null) {
    this.underlay = next;
    this.loading = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = next?.state === 'processing' ? setTimeout(() => void this.load(), 1500) : null;
  }

  setVisible(show: boolean) {
    this.visible = show;
    if (typeof localStorage !== 'undefined') {
      if (show) localStorage.removeItem(HIDDEN_KEY(this.storefrontId));
      else localStorage.setItem(HIDDEN_KEY(this.storefrontId), '1');
    }
  }

  destroy() {
    if (this.#timer) clearTimeout(this.#timer);
    for (const off of this.#offs) off();
  }
}
