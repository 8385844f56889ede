import type * as Y from 'yjs';
import { scheduleHash, toJSON } from '@planner/shared/plan/index';
import type { BindingApproval } from './service.ts';

export interface StalenessOptions {
  /** The sync layer's `withDoc`: holds the document loaded while `fn` runs. */
  withDoc<T>(docId: string, fn: (doc: Y.Doc) => Promise<T>): Promise<T>;
  /** The approval that binds the plan's schedule now, or null. */
  load(planId: string): Promise<BindingApproval | null>;
  /** Persists fresh/stale; true only when this call changed the stored state. */
  persist(approvalId: number, stale: boolean): Promise<boolean>;
  /** Called once per change of the stored state, on the instance whose write changed it. */
  changed(planId: string, approvalId: number, stale: boolean, hash: string): Promise<void>;
  onError(err: unknown, planId: string): void;
  /** Edits within this window are checked together. */
  debounceMs: number;
}

interface Pending {
  doc: Y.Doc | null;
  timer: ReturnType<typeof setTimeout> | null;
  fire: () => void;
}

const hashOf = (doc: Y.Doc) => scheduleHash(toJSON(doc).plan.schedule);

/**
 * Keeps approvals' `stale` flag in step with the live documents of this instance. After an update
 * (debounced), the schedule's hash is compared with the binding approval's; when that changes the
 * answer, the flag is written conditionally, so of all instances that saw the update exactly one write
 * changes the row and that instance reports it. Plans without a binding approval are remembered and
 * cost nothing per update until `invalidate` (an approval recorded anywhere) says otherwise.
 */
export class StalenessMonitor {
  private readonly bindings = new Map<string, BindingApproval | null>();
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly opts: StalenessOptions) {}

  /** An update was applied to a loaded document. */
  updated(docId: string): void {
    if (this.stopped || this.bindings.get(docId) === null || this.pending.has(docId)) return;
    const p: Pending = { doc: null, timer: null, fire: () => {} };
    this.pending.set(docId, p);
    const run = this.opts
      .withDoc(docId, async (doc) => {
        p.doc = doc;
        await new Promise<void>((resolve) => {
          p.fire = resolve;
          p.timer = setTimeout(resolve, this.opts.debounceMs);
        });
        // Updates from here on start the next check.
        this.pending.delete(docId);
        return hashOf(doc);
      })
      .then((hash) => this.compare(docId, hash))
      .catch((err) => {
        this.pending.delete(docId);
        this.opts.onError(err, docId);
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves when every check started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** This instance's hash of the live schedule when it has an edit not yet checked, else undefined. */
  liveHash(planId: string): string | undefined {
    const p = this.pending.get(planId);
    return p?.doc ? hashOf(p.doc) : undefined;
  }

  /** The binding approval of a plan changed (recorded, withdrawn, …) somewhere. */
  invalidate(planId: string): void {
    this.bindings.delete(planId);
  }

  /** Checks a plan now against the given hash (also used right after an approval is recorded). */
  async compare(planId: string, hash: string): Promise<void> {
    let binding = this.bindings.get(planId);
    if (binding === undefined) {
      binding = await this.opts.load(planId);
      if (this.bindings.size > 10_000) this.bindings.clear();
      this.bindings.set(planId, binding);
    }
    if (!binding) return;
    const stale = hash !== binding.hash;
    if (await this.opts.persist(binding.approvalId, stale)) await this.opts.changed(planId, binding.approvalId, stale, hash);
  }

  stop(): void {
    this.stopped = true;
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.fire();
    }
  }
}
