/**
 * Work per key (a plan's document), debounced: `schedule(key)` (re)starts the key's timer, and when it
 * fires `run(key)` starts, a failure going to `onError`. `idle()` waits until no timer and no run is
 * left (tests, and callers that must see the result); `close()` refuses further scheduling, drops the
 * pending timers and waits for the runs in flight.
 */
export class KeyedDebouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly ms: number,
    private readonly run: (key: string) => Promise<void>,
    private readonly onError: (err: unknown, key: string) => void,
  ) {}

  schedule(key: string): void {
    if (this.closing) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const p = this.run(key)
          .catch((err) => this.onError(err, key))
          .finally(() => this.running.delete(p));
        this.running.add(p);
      }, this.ms),
    );
  }

  async idle(): Promise<void> {
    while (this.timers.size || this.running.size) {
      await Promise.all([...this.running]);
      if (this.timers.size) await new Promise((r) => setTimeout(r, this.ms));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
