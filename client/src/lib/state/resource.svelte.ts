import type { ApiError } from '$lib/api';

/**
 * One piece of server data with its loading and error state. `reload()` may be called at any time
 * (e.g. on a live event); an older answer never overwrites a newer one.
 */
export class Resource<T> {
  data = $state<T | null>(null);
  /** An ApiError for a failed request; any other failure (e.g. a document that did not load) as it was thrown. */
  error = $state<ApiError | Error | null>(null);
  loading = $state(false);
  #seq = 0;

  constructor(private fetcher: () => Promise<T>) {}

  async reload(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const data = await this.fetcher();
      if (seq !== this.#seq) return;
      this.data = data;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e : new Error(String(e));
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Loading for the first time (nothing to show yet). */
  get pending() {
    return this.data === null && this.error === null;
  }
}
