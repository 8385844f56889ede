import * as Y from 'yjs';
import { diffSchedules, readLivePlan, scheduleHash, type ScheduleDiff, type ScheduleLike } from '@planner/shared/plan/index';
import type { BindingApproval } from './service.ts';

/** The live schedule of a document at one moment: its hash, its entries and the document's revision. */
export interface LiveSchedule {
  hash: string;
  schedule: ScheduleLike;
  revision: number;
}

/** What a check found: the diff of the live schedule against the binding approval's copy. */
export interface LiveDiff {
  approvalId: number;
  stale: boolean;
  currentHash: string;
  changes: ScheduleDiff;
  revision: number;
}

/**
 * A number that grows with every change a Yjs document takes in, and is the same on every instance
 * holding the same state: the items ever inserted (the state vector's clocks) plus the items deleted.
 * Two concurrent states may share a number, but their merge has a larger one than either.
 */
export function docRevision(doc: Y.Doc): number {
  let n = 0;
  for (const clock of Y.decodeStateVector(Y.encodeStateVector(doc)).values()) n += clock;
  for (const items of Y.createDeleteSetFromStructStore(doc.store).clients.values()) for (const d of items) n += d.len;
  return n;
}

/**
 * The live schedule of a document now. Read incrementally (readLivePlan: only the entries edited since
 * the last read are validated again), and its hash is memoised per unchanged entry and schedule.
 */
export function liveSchedule(doc: Y.Doc): LiveSchedule {
  const schedule = readLivePlan(doc).plan.schedule;
  return { hash: scheduleHash(schedule), schedule, revision: docRevision(doc) };
}

export interface StalenessOptions {
  /** The sync layer's `withDoc`: holds the document loaded while `fn` runs. */
  withDoc<T>(docId: string, fn: (doc: Y.Doc) => Promise<T>): Promise<T>;
  /** The approval that binds the plan's schedule now, or null. */
  load(planId: string): Promise<BindingApproval | null>;
  /** Persists fresh/stale; true only when this call changed the stored state. */
  persist(approvalId: number, stale: boolean): Promise<boolean>;
  /** Called once per change of the stored state, on the instance whose write changed it. */
  changed(planId: string, approvalId: number, stale: boolean, hash: string): Promise<void>;
  /** Called after every check of a plan with a binding approval (not only on a change of the flag): the live diff. */
  pushed?(planId: string, diff: LiveDiff): void | Promise<void>;
  onError(err: unknown, planId: string): void;
  /** Edits within this window are checked together. */
  debounceMs: number;
}

interface Pending {
  doc: Y.Doc | null;
  timer: ReturnType<typeof setTimeout> | null;
  fire: () => void;
}

const hashOf = (doc: Y.Doc) => scheduleHash(readLivePlan(doc).plan.schedule);

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
  /** Per plan: the checks' writes, one after the other in the order their snapshots were taken. */
  private readonly queues = new Map<string, { tail: Promise<void>; taken: number; done: number }>();
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
        return this.take(docId, liveSchedule(doc));
      })
      .then((job) => job())
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

  /** Checks a plan's live document now (right after an approval is recorded). */
  async checkNow(planId: string): Promise<void> {
    const job = await this.opts.withDoc(planId, async (doc) => this.take(planId, liveSchedule(doc)));
    await job();
  }

  /**
   * Numbers a snapshot when it is taken and queues its check behind the plan's earlier ones, so two
   * checks never write the flag (or push a diff) out of order; a check whose snapshot is older than one
   * already checked is dropped.
   */
  private take(planId: string, live: LiveSchedule): () => Promise<void> {
    let q = this.queues.get(planId);
    if (!q) {
      q = { tail: Promise.resolve(), taken: 0, done: 0 };
      this.queues.set(planId, q);
    }
    const queue = q;
    const seq = ++queue.taken;
    return () => {
      const run = queue.tail.then(async () => {
        if (seq <= queue.done) return;
        queue.done = seq;
        await this.compare(planId, live);
      });
      queue.tail = run.catch(() => {});
      void queue.tail.then(() => {
        if (this.queues.get(planId) === queue && queue.done === queue.taken) this.queues.delete(planId);
      });
      return run;
    };
  }

  /** Checks a plan against the given hash or live schedule (the hash alone: no diff is pushed). */
  async compare(planId: string, live: string | LiveSchedule): Promise<void> {
    const hash = typeof live === 'string' ? live : live.hash;
    let binding = this.bindings.get(planId);
    if (binding === undefined) {
      binding = await this.opts.load(planId);
      if (this.bindings.size > 10_000) this.bindings.clear();
      this.bindings.set(planId, binding);
    }
    if (!binding) return;
    const stale = hash !== binding.hash;
    if (await this.opts.persist(binding.approvalId, stale)) await this.opts.changed(planId, binding.approvalId, stale, hash);
    if (typeof live !== 'string' && binding.schedule && this.opts.pushed) {
      await this.opts.pushed(planId, {
        approvalId: binding.approvalId,
        stale,
        currentHash: hash,
        changes: diffSchedules(binding.schedule, live.schedule),
        revision: live.revision,
      });
    }
  }

  stop(): void {
    this.stopped = true;
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.fire();
    }
  }
}
