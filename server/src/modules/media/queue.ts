/**
 * A small in-process job queue (issue 17): media processing runs here, off the request path, one job
 * at a time (sharp itself uses the cores). A failing job is logged by its runner and does not stop
 * the queue. `idle()` resolves once every queued job has run (tests and shutdown).
 */
export class JobQueue {
  private readonly jobs: (() => Promise<void>)[] = [];
  private running = false;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly onError: (err: unknown) => void) {}

  push(job: () => Promise<void>): void {
    if (this.closed) return;
    this.jobs.push(job);
    if (!this.running) void this.drain();
  }

  get size(): number {
    return this.jobs.length + (this.running ? 1 : 0);
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.jobs.length) {
      const job = this.jobs.shift()!;
      try {
        await job();
      } catch (err) {
        this.onError(err);
      }
    }
    this.running = false;
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    if (!this.running && !this.jobs.length) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Takes no new jobs, drops the queued ones (they stay `processing` and resume at the next start) and waits for the running one. */
  async close(): Promise<void> {
    this.closed = true;
    this.jobs.length = 0;
    await this.idle();
  }
}
