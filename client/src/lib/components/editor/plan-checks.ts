import { runPlanChecks, type Finding, type PlanChecksInput } from '@planner/shared';

/**
 * Runs the plan checks in a Web Worker (falls back to the main thread where workers are missing).
 * Only the newest request's answer is delivered.
 */
export class PlanChecker {
  #worker: Worker | null = null;
  #seq = 0;
  #last: PlanChecksInput | null = null;
  #onResult: (findings: Finding[]) => void;

  #started = false;

  constructor(onResult: (findings: Finding[]) => void) {
    this.#onResult = onResult;
  }

  /** The worker starts with the first run, not with the editor (issue 19: nothing before the first render that can wait). */
  #start() {
    if (this.#started) return;
    this.#started = true;
    try {
      this.#worker = new Worker(new URL('./checks.worker.ts', import.meta.url), { type: 'module' });
      this.#worker.onmessage = (e: MessageEvent<{ seq: number; findings: Finding[] }>) => {
        if (e.data.seq === this.#seq) this.#onResult(e.data.findings);
      };
      // A worker that cannot start (e.g. a content policy): check on the main thread from now on.
      this.#worker.onerror = () => {
        this.#worker?.terminate();
        this.#worker = null;
        if (this.#last) this.#onResult(runPlanChecks(this.#last));
      };
    } catch {
      this.#worker = null;
    }
  }

  run(input: PlanChecksInput) {
    this.#start();
    const seq = ++this.#seq;
    this.#last = input;
    if (!this.#worker) return this.#onResult(runPlanChecks(input));
    // The input is plain data (the document's $state.raw records; callers snapshot proxied state):
    // posted as it is, without the JSON round trip of all 500 items on the main thread before the
    // structured clone. A proxy that slipped in cannot be cloned: then once more as JSON.
    try {
      this.#worker.postMessage({ seq, input });
    } catch {
      this.#worker.postMessage({ seq, input: $plain(input) });
    }
  }

  destroy() {
    this.#started = true;
    this.#worker?.terminate();
    this.#worker = null;
  }
}

/** Svelte state proxies cannot be cloned; the inputs are plain data, so a JSON round trip is exact (the fallback). */
function $plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
