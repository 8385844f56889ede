/**
 * Tolerant reading of a plan document into its JSON form.
 *
 * Any client can write anything into a Y.Doc, so reading never throws: a field of the wrong type
 * gets its default, an item that cannot be used (unknown kind, no position, no times, not a map)
 * is skipped, and each of these is reported as a problem with its path. The result always
 * satisfies PlanDocJSONSchema.
 *
 * This is also the one boundary where text from the document becomes safe to store and show
 * (REST inputs are refused instead, see `storable()` in api/common.ts): every string read here is
 * passed through {@link cleanText}, so feeds, checks, approvals, versions, the programme and print
 * never see a NUL byte, a control character, a lone surrogate or a string over its field's limit.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { toBerlinISO } from './berlin-time.ts';
import { PLAN_KEYS } from './doc.ts';
import { recurrenceEnvelope } from './occurrences.ts';
import { readRecurrence } from './read-recurrence.ts';
import {
  EMPTY_META,
  LIMITS,
  layoutFields,
  type LayoutItem,
  metaFields,
  type PlanDocJSON,
  type PlanMeta,
  scheduleFields,
  type ScheduleEntry,
  type Task,
  taskFields,
  DISCIPLINES,
  ExternalHelperSchema,
  HELPER_LIMITS,
} from './schema.ts';

/** Something in the document that was skipped or replaced by a default while reading. */
export interface PlanProblem {
  /** Where, e.g. `layout.<id>.kind` or `meta.title`. */
  path: string;
  message: string;
}

/** The plan as JSON plus what had to be repaired to get it. */
export interface PlanReadResult {
  plan: PlanDocJSON;
  problems: PlanProblem[];
}

type FieldSpec =
  | { schema: z.ZodType; required: true }
  | { schema: z.ZodType; required: false; fallback: unknown; maxLength?: number };

/** C0 control characters (and DEL) except tab, line feed and carriage return: NUL above all. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A UTF-16 surrogate without its partner: not encodable as UTF-8, refused by PostgreSQL's jsonb. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string from the document made safe to store and show: control characters other than tab and
 * line breaks (NUL above all) are removed, lone surrogates become U+FFFD, and with `max` it is cut
 * to at most `max` UTF-16 units without splitting a surrogate pair.
 */
export function cleanText(s: string, max?: number): string {
  let out = s.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
  if (max !== undefined && out.length > max) {
    out = out.slice(0, max);
    const last = out.charCodeAt(out.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
  }
  return out;
}

/** Whether {@link cleanText} would leave the string as it is (apart from its length). */
const isClean = (s: string) => cleanText(s) === s;

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof Y.AbstractType ? v.constructor.name : typeof v;

/** Turns nested Yjs types into plain values; a Y.Text where a string is expected is read as its text. */
function plain(v: unknown): unknown {
  if (v instanceof Y.Text) return v.toString();
  if (v instanceof Y.AbstractType) return v.toJSON();
  return v;
}

/**
 * Reads the fields of one map-like source against the specs. Returns null (and reports) when a
 * required field is unusable; optional fields fall back to their default.
 */
function readFields(
  get: (key: string) => unknown,
  has: (key: string) => boolean,
  specs: Record<string, FieldSpec>,
  path: string,
  problems: PlanProblem[],
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    let raw = plain(get(key));
    if (typeof raw === 'string') {
      const max = spec.required ? undefined : spec.maxLength;
      const cleaned = cleanText(raw, max);
      if (cleaned !== raw) {
        problems.push({
          path: `${path}.${key}`,
          message:
            max !== undefined && cleanText(raw).length > max
              ? `longer than ${max} characters: truncated`
              : 'control characters or lone surrogates: cleaned',
        });
        raw = cleaned;
      }
    }
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      // An optional field that is absent stays absent (not a key holding undefined).
      if (parsed.data !== undefined) out[key] = parsed.data;
      continue;
    }
    if (spec.required) {
      problems.push({
        path: `${path}.${key}`,
        message: has(key) ? `invalid ${key} (${describe(raw)}): item skipped` : `missing ${key}: item skipped`,
      });
      return null;
    }
    if (spec.fallback !== undefined) out[key] = spec.fallback;
    if (has(key)) problems.push({ path: `${path}.${key}`, message: `invalid ${key} (${describe(raw)}): default used` });
  }
  return out;
}

const req = (schema: z.ZodType): FieldSpec => ({ schema, required: true });
const opt = (schema: z.ZodType, fallback: unknown, maxLength?: number): FieldSpec => ({
  schema,
  required: false,
  fallback,
  maxLength,
});

const LAYOUT_SPECS: Record<string, FieldSpec> = {
  kind: req(layoutFields.kind),
  x: req(layoutFields.x),
  y: req(layoutFields.y),
  w: req(layoutFields.w),
  h: req(layoutFields.h),
  rotation: opt(layoutFields.rotation, 0),
  label: opt(layoutFields.label, '', LIMITS.label),
  layer: opt(layoutFields.layer, 0),
  locked: opt(layoutFields.locked, false),
  // Optional (issue 17): absent, null or invalid is no reference image, and stays out of the item (and its hashes).
  referenceImage: opt(
    layoutFields.referenceImage.transform((v) => v ?? undefined),
    undefined,
  ),
};
const SCHEDULE_SPECS: Record<string, FieldSpec> = {
  start: req(scheduleFields.start),
  end: req(scheduleFields.end),
  kind: opt(scheduleFields.kind, 'other'),
  title: opt(scheduleFields.title, '', LIMITS.title),
  expectedAttendance: opt(scheduleFields.expectedAttendance, null),
  public: opt(scheduleFields.public, false),
  seating: opt(scheduleFields.seating, 'standing'),
  // Checked item by item in readRecurrence (issue 18); here only taken as it is.
  recurrence: opt(z.unknown(), undefined),
};
/**
 * An external helper from the document, cleaned like every other text: the name is cut to its limit,
 * a phone number or e-mail address that is not valid is dropped (the name stays), anything that is not
 * an object with a name is not a helper (the default, null, is used and reported).
 */
function cleanHelper(raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  const text = (v: unknown, max: number) => (typeof v === 'string' ? cleanText(v, max).trim() : null);
  const name = text(r.name, HELPER_LIMITS.name);
  const phone = text(r.phone, HELPER_LIMITS.phone);
  const email = text(r.email, HELPER_LIMITS.email);
  const valid = (schema: z.ZodType, v: string | null) => (v && schema.safeParse(v).success ? v : null);
  return {
    name: name ?? '',
    phone: valid(ExternalHelperSchema.shape.phone, phone),
    email: valid(ExternalHelperSchema.shape.email, email),
  };
}

const TASK_SPECS: Record<string, FieldSpec> = {
  title: opt(taskFields.title, '', LIMITS.title),
  assignee: opt(taskFields.assignee, null),
  helper: opt(z.preprocess(cleanHelper, ExternalHelperSchema.nullable()), null),
  due: opt(taskFields.due, null),
  status: opt(taskFields.status, 'todo'),
  scheduleEntryId: opt(taskFields.scheduleEntryId, null),
};

function safeRoot<T>(name: string, problems: PlanProblem[], get: () => T): T | null {
  try {
    return get();
  } catch (err) {
    // Y.Doc throws when a root name was already taken by another type in this process.
    problems.push({ path: name, message: `unreadable: ${(err as Error).message}` });
    return null;
  }
}

export type CollectionName = 'layout' | 'schedule' | 'tasks';
type CollectionItem<N extends CollectionName> = N extends 'layout' ? LayoutItem : N extends 'schedule' ? ScheduleEntry : Task;

const finishLayout = (id: string, f: Record<string, unknown>): LayoutItem => ({ id, ...f }) as LayoutItem;

function finishSchedule(id: string, f: Record<string, unknown>, path: string, problems: PlanProblem[]): ScheduleEntry {
  const recurrence = readRecurrence(f.recurrence, `${path}.recurrence`, problems);
  delete f.recurrence;
  if (recurrence) {
    // With a pattern, start and end are its envelope, whatever a client left in them.
    const envelope = recurrenceEnvelope(recurrence);
    if (!envelope) {
      problems.push({ path: `${path}.recurrence`, message: 'pattern has no open day: entry takes place never' });
    } else {
      if (
        Date.parse(envelope.start) !== Date.parse(f.start as string) ||
        Date.parse(envelope.end) !== Date.parse(f.end as string)
      )
        problems.push({ path: `${path}.start`, message: 'start or end does not match the pattern: taken from the pattern' });
      return { id, ...f, ...envelope, recurrence } as ScheduleEntry;
    }
    f.recurrence = recurrence;
  }
  const start = Date.parse(f.start as string);
  if (!(Date.parse(f.end as string) > start)) {
    // Happens without any bad client: one replica moves the start later while another moves the
    // end earlier. Keep the entry visible (one hour long) so someone can fix it.
    problems.push({ path: `${path}.end`, message: 'end is not after start: shown as one hour' });
    return { id, ...f, end: toBerlinISO(start + 3_600_000) } as ScheduleEntry;
  }
  return { id, ...f } as ScheduleEntry;
}

function finishTask(id: string, f: Record<string, unknown>, path: string, problems: PlanProblem[]): Task {
  const task = { id, ...f } as Task;
  if (task.assignee !== null && task.helper) {
    // Two people editing at once can leave both set: the account wins, the helper is reported.
    problems.push({ path: `${path}.helper`, message: 'task has an assignee as well: helper dropped' });
    task.helper = null;
  }
  // Only tasks with a helper carry the key: the JSON of every other task stays as it was.
  if (!task.helper) delete task.helper;
  return task;
}

const SPECS: Record<CollectionName, Record<string, FieldSpec>> = {
  layout: LAYOUT_SPECS,
  schedule: SCHEDULE_SPECS,
  tasks: TASK_SPECS,
};

/**
 * One item of a collection as {@link toJSON} reads it, or null when it is skipped; what had to be
 * repaired goes to `problems`. Tasks are read without the check of their link to the schedule, which
 * depends on the other entries: see {@link linkTask}. Shared with the incremental reader (live-read.ts),
 * so both validate the document's text the same way.
 */
export function readItem<N extends CollectionName>(
  name: N,
  id: string,
  value: unknown,
  problems: PlanProblem[],
): CollectionItem<N> | null {
  const path = `${name}.${cleanText(id, 100)}`;
  if (id.length === 0 || id.length > 100 || id === '__proto__' || !isClean(id)) {
    problems.push({ path, message: 'invalid id: item skipped' });
    return null;
  }
  if (!(value instanceof Y.Map)) {
    problems.push({ path, message: `not a map (${describe(value)}): item skipped` });
    return null;
  }
  const map = value as Y.Map<unknown>;
  const fields = readFields(
    (k) => map.get(k),
    (k) => map.has(k),
    SPECS[name],
    path,
    problems,
  );
  if (!fields) return null;
  const finish =
    name === 'layout'
      ? finishLayout(id, fields)
      : name === 'schedule'
        ? finishSchedule(id, fields, path, problems)
        : finishTask(id, fields, path, problems);
  return finish as CollectionItem<N>;
}

/** A task whose linked schedule entry does not exist (e.g. deleted concurrently) loses the link, reported. */
export function linkTask(task: Task, schedule: Record<string, ScheduleEntry>, problems: PlanProblem[]): Task {
  if (task.scheduleEntryId === null || Object.hasOwn(schedule, task.scheduleEntryId)) return task;
  problems.push({ path: `tasks.${task.id}.scheduleEntryId`, message: 'linked schedule entry does not exist: link cleared' });
  return { ...task, scheduleEntryId: null };
}

/** The root map of a collection, or null (reported) when its name is taken by another type. */
export function collectionRoot(doc: Y.Doc, name: CollectionName, problems: PlanProblem[]): Y.Map<unknown> | null {
  return safeRoot(name, problems, () => doc.getMap<unknown>(PLAN_KEYS[name]));
}

function readCollection<N extends CollectionName>(
  doc: Y.Doc,
  name: N,
  problems: PlanProblem[],
): Record<string, CollectionItem<N>> {
  const out: Record<string, CollectionItem<N>> = {};
  const root = collectionRoot(doc, name, problems);
  if (!root) return out;
  for (const id of [...root.keys()].sort()) {
    const item = readItem(name, id, root.get(id), problems);
    if (item) out[id] = item;
  }
  return out;
}

/** The plan's meta map as {@link toJSON} reads it. */
export function readMeta(doc: Y.Doc, problems: PlanProblem[]): PlanMeta {
  const meta = safeRoot('meta', problems, () => doc.getMap<unknown>(PLAN_KEYS.meta));
  if (!meta) return { ...EMPTY_META };
  const get = (k: string) => meta.get(k);
  const has = (k: string) => meta.has(k);
  const out = readFields(
    get,
    has,
    {
      title: opt(metaFields.title, '', LIMITS.title),
      expectedAudience: opt(metaFields.expectedAudience, '', LIMITS.expectedAudience),
      publicDescription: opt(metaFields.publicDescription, '', LIMITS.publicDescription),
    },
    'meta',
    problems,
  ) as Omit<PlanMeta, 'disciplines'>;
  // Disciplines: keep the known ones, report the rest, instead of dropping the whole list.
  const raw = plain(get('disciplines'));
  const disciplines: PlanMeta['disciplines'] = [];
  if (Array.isArray(raw)) {
    for (const d of raw) {
      if ((DISCIPLINES as readonly unknown[]).includes(d)) {
        if (!disciplines.includes(d as PlanMeta['disciplines'][number])) disciplines.push(d as PlanMeta['disciplines'][number]);
      } else
        problems.push({
          path: 'meta.disciplines',
          message: `unknown discipline (${typeof d === 'string' ? cleanText(d, 50) : describe(d)}): dropped`,
        });
    }
  } else if (has('disciplines')) {
    problems.push({ path: 'meta.disciplines', message: `invalid disciplines (${describe(raw)}): default used` });
  }
  return { ...out, disciplines };
}

/** The concept text as {@link toJSON} reads it. */
export function readConcept(doc: Y.Doc, problems: PlanProblem[]): string {
  const rawConcept = safeRoot('concept', problems, () => doc.getText(PLAN_KEYS.concept).toString());
  const conceptText = rawConcept === null ? null : cleanText(rawConcept);
  if (rawConcept !== null && conceptText !== rawConcept)
    problems.push({ path: 'concept', message: 'control characters or lone surrogates: cleaned' });
  return conceptText ?? '';
}

/**
 * Reads a plan document into its JSON form. Never throws; whatever had to be skipped or defaulted
 * is listed in `problems`. Task links to schedule entries that do not exist (e.g. deleted
 * concurrently) are cleared and reported.
 */
export function toJSON(doc: Y.Doc): PlanReadResult {
  const problems: PlanProblem[] = [];
  const meta = readMeta(doc, problems);
  const concept = readConcept(doc, problems);
  const layout = readCollection(doc, 'layout', problems);
  const schedule = readCollection(doc, 'schedule', problems);
  const tasks: Record<string, Task> = {};
  const taskRoot = collectionRoot(doc, 'tasks', problems);
  for (const id of taskRoot ? [...taskRoot.keys()].sort() : []) {
    const task = readItem('tasks', id, taskRoot!.get(id), problems);
    if (task) tasks[id] = linkTask(task, schedule, problems);
  }
  return { plan: { meta, concept, layout, schedule, tasks }, problems };
}
