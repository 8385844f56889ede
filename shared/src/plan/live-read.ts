/**
 * The JSON form of a live plan document, kept up to date incrementally (issue 19, "checks after one
 * edit"): instead of reading and validating the whole document after every edit, as {@link toJSON}
 * does, only the items an update touched are read again.
 *
 * Each document gets a reader on first use. It listens to the document's `beforeObserverCalls`,
 * which Yjs emits at the end of every transaction (local edits and applied updates alike) before any
 * observer or update listener runs, and marks what the transaction changed: for every changed type,
 * the root it belongs to and, in the layout, schedule and tasks maps, the id of the item it lies in.
 * A read validates the marked items again with the very functions toJSON uses (`readItem`,
 * `linkTask`, `readMeta`, `readConcept` in read.ts), so the text of the document is checked exactly
 * as before, and assembles the result in toJSON's order. Whatever cannot be attributed to one item
 * (a change at a root map without a key, a type whose parent is not known) marks the whole root.
 *
 * The result equals `toJSON(doc)` (property test in live-read.test.ts), with one difference: items,
 * collections and meta are shared between reads while unchanged and therefore frozen; callers must not
 * mutate them (the top-level objects are new on every read). Reads within a transaction, and
 * documents whose roots cannot be typed, fall back to toJSON.
 */
import * as Y from 'yjs';
import { PLAN_KEYS } from './doc.ts';
import {
  type CollectionName,
  collectionRoot,
  linkTask,
  type PlanProblem,
  type PlanReadResult,
  readConcept,
  readItem,
  readMeta,
  toJSON,
} from './read.ts';
import type { LayoutItem, PlanMeta, ScheduleEntry, Task } from './schema.ts';

/** Any Yjs type (they are generic in their event type). */
type AnyType = Y.AbstractType<any>;

const COLLECTIONS: readonly CollectionName[] = ['layout', 'schedule', 'tasks'];

interface Cached<T> {
  value: T;
  problems: PlanProblem[];
}

interface Collection {
  root: Y.Map<unknown>;
  /** Ids to read again; `all` after a change that names no item. */
  dirty: Set<string> | 'all';
  /** Every key of the root as last read: the item (or null when skipped) and its problems. */
  items: Map<string, Cached<unknown>>;
  /** The assembled collection (frozen) and its problems in toJSON's order; null when it must be rebuilt. */
  out: Cached<Record<string, unknown>> | null;
}

/** Freezes plain objects and arrays, all the way down (what readItem returns is nothing else). */
function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  const proto = Object.getPrototypeOf(v);
  if (Array.isArray(v) || proto === Object.prototype || proto === null) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

class LiveReader {
  private metaDirty = true;
  private conceptDirty = true;
  private meta: Cached<PlanMeta> | null = null;
  private concept: Cached<string> | null = null;
  private readonly collections: Record<CollectionName, Collection>;
  /** The tasks linked against the schedule; rebuilt when either changed. */
  private tasks: Cached<Record<string, Task>> | null = null;
  private readonly rootNames = new Map<AnyType, 'meta' | 'concept' | CollectionName>();

  constructor(
    private readonly doc: Y.Doc,
    metaRoot: Y.Map<unknown>,
    conceptRoot: Y.Text,
    roots: Record<CollectionName, Y.Map<unknown>>,
  ) {
    this.rootNames.set(metaRoot, 'meta');
    this.rootNames.set(conceptRoot, 'concept');
    const c = (name: CollectionName): Collection => {
      this.rootNames.set(roots[name], name);
      return { root: roots[name], dirty: 'all', items: new Map(), out: null };
    };
    this.collections = { layout: c('layout'), schedule: c('schedule'), tasks: c('tasks') };
    doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
      for (const [type, keys] of tr.changed) this.mark(type, keys);
    });
  }

  /** Marks what a change of `type` (at `keys` when it is a map) may have changed. */
  private mark(type: AnyType, keys: Set<string | null>): void {
    let t = type;
    let key: string | null | undefined;
    // Up to the child of a root: its key in the root is the item's id.
    while (t._item !== null) {
      const parent = t._item.parent;
      if (!(parent instanceof Y.AbstractType)) {
        this.markAll();
        return;
      }
      key = t._item.parentSub;
      t = parent as AnyType;
    }
    const name = this.rootNames.get(t);
    if (name === undefined) return; // another root (e.g. the rota): not part of the plan's JSON
    if (name === 'meta') this.metaDirty = true;
    else if (name === 'concept') this.conceptDirty = true;
    else {
      const col = this.collections[name];
      col.out = null;
      // Tasks are linked against the schedule's entries: either changing rebuilds them.
      if (name !== 'layout') this.tasks = null;
      if (col.dirty === 'all') return;
      const ids = key === undefined ? [...keys] : [key];
      for (const id of ids) {
        if (id === null) {
          col.dirty = 'all';
          return;
        }
        col.dirty.add(id);
      }
    }
  }

  private markAll(): void {
    this.metaDirty = true;
    this.conceptDirty = true;
    for (const name of COLLECTIONS) {
      this.collections[name].dirty = 'all';
      this.collections[name].out = null;
    }
    this.tasks = null;
  }

  private refresh(name: CollectionName): Collection {
    const col = this.collections[name];
    const ids = col.dirty === 'all' ? null : col.dirty;
    if (ids === null) col.items.clear();
    const again = ids ?? col.root.keys();
    for (const id of again) {
      if (!col.root.has(id)) {
        col.items.delete(id);
        continue;
      }
      const problems: PlanProblem[] = [];
      const value = deepFreeze(readItem(name, id, col.root.get(id), problems));
      col.items.set(id, { value, problems });
    }
    col.dirty = new Set();
    if (!col.out) {
      const out: Record<string, unknown> = {};
      const problems: PlanProblem[] = [];
      for (const id of [...col.items.keys()].sort()) {
        const c = col.items.get(id)!;
        problems.push(...c.problems);
        if (c.value) out[id] = c.value;
      }
      col.out = { value: Object.freeze(out), problems };
    }
    return col;
  }

  read(): PlanReadResult {
    if (this.metaDirty || !this.meta) {
      const problems: PlanProblem[] = [];
      this.meta = { value: deepFreeze(readMeta(this.doc, problems)), problems };
      this.metaDirty = false;
    }
    if (this.conceptDirty || !this.concept) {
      const problems: PlanProblem[] = [];
      this.concept = { value: readConcept(this.doc, problems), problems };
      this.conceptDirty = false;
    }
    const layout = this.refresh('layout').out!;
    const schedule = this.refresh('schedule').out! as Cached<Record<string, ScheduleEntry>>;
    const taskCol = this.refresh('tasks');
    if (!this.tasks) {
      const value: Record<string, Task> = {};
      const problems: PlanProblem[] = [];
      for (const id of [...taskCol.items.keys()].sort()) {
        const c = taskCol.items.get(id)!;
        problems.push(...c.problems);
        if (c.value) value[id] = deepFreeze(linkTask(c.value as Task, schedule.value, problems));
      }
      this.tasks = { value: Object.freeze(value), problems };
    }
    return {
      plan: {
        meta: this.meta.value,
        concept: this.concept.value,
        layout: layout.value as Record<string, LayoutItem>,
        schedule: schedule.value,
        tasks: this.tasks.value,
      },
      problems: [
        ...this.meta.problems,
        ...this.concept.problems,
        ...layout.problems,
        ...schedule.problems,
        ...this.tasks.problems,
      ],
    };
  }

  /** A reader for the document, or null when one of its roots is taken by another type (toJSON reports it). */
  static attach(doc: Y.Doc): LiveReader | null {
    try {
      const problems: PlanProblem[] = [];
      const roots = {} as Record<CollectionName, Y.Map<unknown>>;
      for (const name of COLLECTIONS) {
        const root = collectionRoot(doc, name, problems);
        if (!root) return null;
        roots[name] = root;
      }
      return new LiveReader(doc, doc.getMap(PLAN_KEYS.meta), doc.getText(PLAN_KEYS.concept), roots);
    } catch {
      return null;
    }
  }
}

const readers = new WeakMap<Y.Doc, LiveReader | null>();

/**
 * The plan document's JSON form, equal to `toJSON(doc)`, reading again only what changed since the
 * last call on the same document. The collections, their items and meta are frozen and shared between
 * calls while unchanged: do not mutate them.
 */
export function readLivePlan(doc: Y.Doc): PlanReadResult {
  // Within a transaction, or while its observers run, changes may not be marked yet.
  if (doc._transaction !== null || doc._transactionCleanups.length > 0) return toJSON(doc);
  let reader = readers.get(doc);
  if (reader === undefined) {
    reader = LiveReader.attach(doc);
    readers.set(doc, reader);
  }
  return reader ? reader.read() : toJSON(doc);
}
