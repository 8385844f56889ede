/**
 * Work per key (a plan's document), debounced: `schedule(key)` (re)starts the key's timer, and when it
 * fires `run(key)` starts, a failure going to `onError`. `idle()` waits until no timer and no run is
 * left (tests, and callers that must see the result); `close()` refuses further scheduling, drops the
 * pending timers and waits for the runs in flight.
 */
export class KeyedDebouncer {
  /** Per key: its timer and when the latest `schedule` asked it to fire (Date.now()). */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; due: number }>();
  private readonly running = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly ms: number,
    private readonly run: (key: string) => Promise<void>,
    private readonly onError: (err: unknown, key: string) => void,
  ) {}

  /**
   * Called for every update of a live document, so it only moves the key's deadline: the timer is not
   * cleared and set again each time; when it fires early it waits for the rest.
   */
  schedule(key: string): void {
    if (this.closing) return;
    const due = Date.now() + this.ms;
    const entry = this.timers.get(key);
    if (entry) {
      entry.due = due;
      return;
    }
    this.arm(key, due, this.ms);
  }

  private arm(key: string, due: number, wait: number) {
    const entry = {
      due,
      timer: setTimeout(() => {
        const left = entry.due - Date.now();
        if (left > 0.5) return this.arm(key, entry.due, left);
        this.timers.delete(key);
        const p = this.run(key)
          .catch((err) => this.onError(err, key))
          .finally(() => this.running.delete(p));
        this.running.add(p);
      }, wait),
    };
    this.timers.set(key, entry);
  }

  async idle(): Promise<void> {
    while (this.timers.size || this.running.size) {
      await Promise.all([...this.running]);
      if (this.timers.size) await new Promise((r) => setTimeout(r, this.ms));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
