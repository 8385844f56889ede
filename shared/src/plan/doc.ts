/**
 * Typed access to a plan's Y.Doc (DESIGN.md §3).
 *
 * Layout items, schedule entries and tasks are Y.Maps stored under their id in a top-level Y.Map,
 * one Yjs key per field, so concurrent edits of different fields of one item merge. Every mutator
 * runs in one `doc.transact(fn, origin)`; calls made inside `editPlan` join its transaction.
 * Inputs are validated with the schemas in ./schema.ts and rejected with a ZodError: the mutators
 * are for this code base's own callers, while foreign content is tolerated on read (./read.ts).
 */
import { uuidv4 } from 'lib0/random';
import * as Y from 'yjs';
import { normaliseRecurrence, recurrenceEnvelope } from './occurrences.ts';
import { LIMITS } from './schema.ts';
import {
  LayoutItemInputSchema,
  type LayoutItemInput,
  LayoutItemPatchSchema,
  type LayoutItemPatch,
  MetaPatchSchema,
  type MetaPatch,
  type Recurrence,
  RecurrenceSchema,
  ScheduleEntryInputSchema,
  type ScheduleEntryInput,
  ScheduleEntryPatchSchema,
  type ScheduleEntryPatch,
  TaskInputSchema,
  type TaskInput,
  TaskPatchSchema,
  type TaskPatch,
} from './schema.ts';

/** Names of the top-level shared types. */
export const PLAN_KEYS = { meta: 'meta', concept: 'concept', layout: 'layout', schedule: 'schedule', tasks: 'tasks' } as const;
/** The three collections of items keyed by id. */
export type PlanCollection = 'layout' | 'schedule' | 'tasks';

/** A fresh random id (uuid v4) for a new item. */
export function newId(): string {
  return uuidv4();
}

/** The top-level types of a plan document. */
export function planRoots(doc: Y.Doc) {
  return {
    meta: doc.getMap<unknown>(PLAN_KEYS.meta),
    concept: doc.getText(PLAN_KEYS.concept),
    layout: doc.getMap<unknown>(PLAN_KEYS.layout),
    schedule: doc.getMap<unknown>(PLAN_KEYS.schedule),
    tasks: doc.getMap<unknown>(PLAN_KEYS.tasks),
  };
}

/** The co-edited concept text. */
export function getConcept(doc: Y.Doc): Y.Text {
  return doc.getText(PLAN_KEYS.concept);
}

/** Runs `fn` as one transaction with `origin`; mutators called inside join it (one update, one undo step). */
export function editPlan<T>(doc: Y.Doc, fn: () => T, origin?: unknown): T {
  let result!: T;
  doc.transact(() => {
    result = fn();
  }, origin);
  return result;
}

function itemMap(doc: Y.Doc, collection: PlanCollection, id: string): Y.Map<unknown> | null {
  const value = doc.getMap<unknown>(collection).get(id);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

function insert(doc: Y.Doc, collection: PlanCollection, fields: Record<string, unknown>, origin: unknown): string {
  const { id: given, ...rest } = fields;
  const id = typeof given === 'string' ? given : newId();
  if (doc.getMap<unknown>(collection).has(id)) throw new Error(`${collection} already has an item ${id}`);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) map.set(k, v);
    doc.getMap<unknown>(collection).set(id, map);
  }, origin);
  return id;
}

/** Sets only the fields that differ, so unchanged fields don't win over concurrent edits. */
function patch(doc: Y.Doc, collection: PlanCollection, id: string, fields: Record<string, unknown>, origin: unknown): boolean {
  const map = itemMap(doc, collection, id);
  if (!map) return false;
  doc.transact(() => {
    for (const [k, v] of Object.entries(fields)) {
      if (v !== undefined && map.get(k) !== v) map.set(k, v);
    }
  }, origin);
  return true;
}

function remove(doc: Y.Doc, collection: PlanCollection, id: string, origin: unknown): boolean {
  const root = doc.getMap<unknown>(collection);
  if (!root.has(id)) return false;
  doc.transact(() => root.delete(id), origin);
  return true;
}

/** Sets meta fields (only the given ones). Disciplines are stored as one plain array value. */
export function setMeta(doc: Y.Doc, changes: MetaPatch, origin?: unknown): void {
  const valid = MetaPatchSchema.parse(changes);
  const meta = doc.getMap<unknown>(PLAN_KEYS.meta);
  doc.transact(() => {
    for (const [k, v] of Object.entries(valid)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        const current = meta.get(k);
        if (!Array.isArray(current) || current.length !== v.length || current.some((c, i) => c !== v[i]))
          meta.set(k, [...new Set(v)]);
      } else if (meta.get(k) !== v) {
        meta.set(k, v);
      }
    }
  }, origin);
}

/** Replaces the whole concept text (for imports and demo data; editors bind to getConcept(doc)). */
export function setConcept(doc: Y.Doc, text: string, origin?: unknown): void {
  const concept = getConcept(doc);
  doc.transact(() => {
    concept.delete(0, concept.length);
    concept.insert(0, text);
  }, origin);
}

/** Adds a layout item and returns its id (an explicitly given id must be new). */
export function addLayoutItem(doc: Y.Doc, input: LayoutItemInput, origin?: unknown): string {
  return insert(doc, 'layout', LayoutItemInputSchema.parse(input), origin);
}
/** Changes fields of a layout item; false when there is no such item. */
export function updateLayoutItem(doc: Y.Doc, id: string, changes: LayoutItemPatch, origin?: unknown): boolean {
  return patch(doc, 'layout', id, isPlainMove(changes) ? { ...changes } : LayoutItemPatchSchema.parse(changes), origin);
}
/**
 * A move (only x and/or y, finite and in range) is valid without the schema: a drag sends one per frame,
 * and zod's parse was the largest script cost of a drag under 4× CPU throttling (BENCHMARKS.md, issue 19).
 */
function isPlainMove(changes: LayoutItemPatch): boolean {
  if (typeof changes !== 'object' || changes === null || Object.getPrototypeOf(changes) !== Object.prototype) return false;
  let n = 0;
  for (const k in changes) {
    if (!Object.hasOwn(changes, k)) return false;
    if (k !== 'x' && k !== 'y') return false;
    const v = (changes as Record<string, unknown>)[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > LIMITS.coordinate) return false;
    n++;
  }
  return n > 0;
}
/** Deletes a layout item; false when there was none. */
export function deleteLayoutItem(doc: Y.Doc, id: string, origin?: unknown): boolean {
  return remove(doc, 'layout', id, origin);
}

/** Adds a schedule entry and returns its id. With a pattern, start and end become its envelope. */
export function addScheduleEntry(doc: Y.Doc, input: ScheduleEntryInput, origin?: unknown): string {
  const valid = ScheduleEntryInputSchema.parse(input);
  if (valid.recurrence) {
    const recurrence = normaliseRecurrence(valid.recurrence);
    return insert(doc, 'schedule', { ...valid, recurrence, ...recurrenceEnvelope(recurrence) }, origin);
  }
  return insert(doc, 'schedule', valid, origin);
}
/**
 * Sets (or with null removes) the weekly pattern of a schedule entry; false when there is no such
 * entry. With a pattern that has occurrences, start and end move to their envelope in the same
 * transaction, so every reader that knows only start and end still sees the right span. Removing the
 * pattern keeps start and end: the entry becomes one block again.
 */
export function setScheduleRecurrence(doc: Y.Doc, id: string, recurrence: Recurrence | null, origin?: unknown): boolean {
  const valid = recurrence === null ? null : normaliseRecurrence(RecurrenceSchema.parse(recurrence));
  const map = itemMap(doc, 'schedule', id);
  if (!map) return false;
  doc.transact(() => {
    if (valid === null) {
      if (map.has('recurrence')) map.delete('recurrence');
      return;
    }
    map.set('recurrence', valid);
    const envelope = recurrenceEnvelope(valid);
    if (envelope) {
      if (map.get('start') !== envelope.start) map.set('start', envelope.start);
      if (map.get('end') !== envelope.end) map.set('end', envelope.end);
    }
  }, origin);
  return true;
}
/**
 * Changes fields of a schedule entry; false when there is no such entry. When only one of start and
 * end is given, it is checked against the stored other one.
 */
export function updateScheduleEntry(doc: Y.Doc, id: string, changes: ScheduleEntryPatch, origin?: unknown): boolean {
  const valid = ScheduleEntryPatchSchema.parse(changes);
  const map = itemMap(doc, 'schedule', id);
  if (map && (valid.start === undefined) !== (valid.end === undefined)) {
    const stored = { start: map.get('start'), end: map.get('end') };
    // A corrupt stored value must not block repairing the entry; only a valid pair is checked.
    if (typeof stored.start === 'string' && typeof stored.end === 'string')
      ScheduleEntryPatchSchema.parse({ ...stored, ...valid });
  }
  return patch(doc, 'schedule', id, valid, origin);
}
/** Deletes a schedule entry and unlinks the tasks that pointed to it, in one transaction. */
export function deleteScheduleEntry(doc: Y.Doc, id: string, origin?: unknown): boolean {
  return editPlan(
    doc,
    () => {
      const removed = remove(doc, 'schedule', id, origin);
      doc.getMap<unknown>(PLAN_KEYS.tasks).forEach((task) => {
        if (task instanceof Y.Map && task.get('scheduleEntryId') === id) task.set('scheduleEntryId', null);
      });
      return removed;
    },
    origin,
  );
}

/** Adds a task and returns its id. */
export function addTask(doc: Y.Doc, input: TaskInput, origin?: unknown): string {
  return insert(doc, 'tasks', TaskInputSchema.parse(input), origin);
}
/** Changes fields of a task (null clears assignee, due or the linked entry); false when there is no such task. */
export function updateTask(doc: Y.Doc, id: string, changes: TaskPatch, origin?: unknown): boolean {
  return patch(doc, 'tasks', id, TaskPatchSchema.parse(changes), origin);
}
/** Deletes a task; false when there was none. */
export function deleteTask(doc: Y.Doc, id: string, origin?: unknown): boolean {
  return remove(doc, 'tasks', id, origin);
}
