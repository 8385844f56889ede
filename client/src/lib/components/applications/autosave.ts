import type { Application, ApplicationPatch } from '@planner/shared';
import { ApiError } from '$lib/api/errors';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'locked';

/**
 * Autosave of an application draft: changes are merged into one pending patch and sent after a pause
 * (debounced PATCH). A failed save loses nothing: its fields go back under any newer ones and are sent
 * again (after a network or server failure by itself, after a refused field with the next change).
 * A 409 (deadline passed) turns the form read-only.
 */
export class Autosave {
  #state: SaveState = 'idle';
  #error: ApiError | Error | null = null;
  #pending: ApplicationPatch = {};
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inflight: Promise<void> | null = null;

  constructor(
    private readonly send: (patch: ApplicationPatch) => Promise<Application>,
    private readonly onSaved: (app: Application) => void,
    /** Told every change of the state (the component mirrors it in `$state`). */
    private readonly onState: (state: SaveState, error: ApiError | Error | null) => void,
    private readonly delayMs = 700,
    private readonly retryMs = 3000,
  ) {}

  get state(): SaveState {
    return this.#state;
  }
  get error(): ApiError | Error | null {
    return this.#error;
  }
  #set(state: SaveState): void {
    this.#state = state;
    this.onState(state, this.#error);
  }

  /** Whether fields wait to be saved (also while a save runs). */
  get dirty(): boolean {
    return Object.keys(this.#pending).length > 0 || this.#inflight !== null;
  }

  change(patch: ApplicationPatch): void {
    if (this.#state === 'locked') return;
    Object.assign(this.#pending, patch);
    this.#set('pending');
    this.#schedule(this.delayMs);
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, ms);
  }

  /** Sends what is pending now (waits for a save under way first). Resolves true when everything is saved. */
  async flush(): Promise<boolean> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#inflight !== null) await this.#inflight;
    const patch = this.#pending;
    if (!Object.keys(patch).length) return this.#state !== 'error';
    this.#pending = {};
    this.#set('saving');
    let ok = false;
    this.#inflight = (async () => {
      try {
        const app = await this.send(patch);
        this.#error = null;
        this.onSaved(app);
        ok = true;
        this.#set(Object.keys(this.#pending).length ? 'pending' : 'saved');
        if (this.#state === 'pending') this.#schedule(this.delayMs);
      } catch (err) {
        // Keep the failed fields; newer changes win over them.
        this.#pending = { ...patch, ...this.#pending };
        this.#error = err instanceof Error ? err : new Error(String(err));
        if (err instanceof ApiError && err.status === 409) {
          this.#set('locked');
          return;
        }
        this.#set('error');
        const refused =
          err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
        if (!refused) this.#schedule(this.retryMs);
      }
    })();
    await this.#inflight;
    this.#inflight = null;
    return ok && this.#state === 'saved';
  }

  /** The fields waiting to be saved (tests). */
  get pending(): ApplicationPatch {
    return { ...this.#pending };
  }

  /** Stops the timer (the page is left). */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}
