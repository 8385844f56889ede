/**
 * The plan document's vocabulary and the zod schemas of its JSON form (DESIGN.md §3).
 *
 * The Yjs document itself is edited through ./doc.ts and read through ./read.ts; this file only
 * says what valid content looks like. Field schemas are kept separate from the object schemas so
 * the mutators can validate patches (partial, no defaults) and inputs (defaults filled in).
 */
import { z } from 'zod';

/** Disciplines a plan can name in its meta (DESIGN.md §1). */
export const DISCIPLINES = [
  'photography',
  'communication-design',
  'service-design',
  'product-design',
  'furniture-design',
  'graphic-design',
  'sound-design',
  'illustration',
  'scenography',
  'other',
] as const;
export type Discipline = (typeof DISCIPLINES)[number];

/** Kinds of layout items. */
export const LAYOUT_KINDS = [
  'partition-wall',
  'plinth',
  'display-case',
  'table',
  'seating-row',
  'screen',
  'projector',
  'speaker',
  'light',
  'artwork',
  'counter',
  'door',
  'keep-clear',
] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

/** How a layout kind takes part in the checks. */
export interface LayoutKindInfo {
  /** Stands on the floor and takes its footprint: overlap checks, reduces the free floor area. */
  solid: boolean;
  /** Gets in the way of a keep-clear zone (door zones and drawn keep-clear items). */
  obstructs: boolean;
  /** Must lie inside the floor outline. */
  insideOutline: boolean;
}

/**
 * Solid are the things that stand on the floor and that nothing else stands in: walls, plinths,
 * cases, tables, seating, counters. Not solid are things that are mounted or placed on other
 * items (screen, projector, speaker, light, artwork — a projector on a table or an artwork on a
 * plinth is normal, not a collision), the door marker (it sits on the outline) and keep-clear zones.
 * Everything but lights (ceiling) and the two markers still obstructs a keep-clear zone: a speaker
 * stand or a screen in front of the entrance blocks it. Door markers straddle the wall, so they are
 * exempt from the outline check.
 */
export const LAYOUT_KIND_INFO: Readonly<Record<LayoutKind, LayoutKindInfo>> = {
  'partition-wall': { solid: true, obstructs: true, insideOutline: true },
  plinth: { solid: true, obstructs: true, insideOutline: true },
  'display-case': { solid: true, obstructs: true, insideOutline: true },
  table: { solid: true, obstructs: true, insideOutline: true },
  'seating-row': { solid: true, obstructs: true, insideOutline: true },
  counter: { solid: true, obstructs: true, insideOutline: true },
  screen: { solid: false, obstructs: true, insideOutline: true },
  projector: { solid: false, obstructs: true, insideOutline: true },
  speaker: { solid: false, obstructs: true, insideOutline: true },
  artwork: { solid: false, obstructs: true, insideOutline: true },
  light: { solid: false, obstructs: false, insideOutline: true },
  door: { solid: false, obstructs: false, insideOutline: false },
  'keep-clear': { solid: false, obstructs: false, insideOutline: true },
};

/** Kinds of schedule entries. */
export const SCHEDULE_KINDS = ['setup', 'opening', 'event', 'workshop', 'open-hours', 'teardown', 'other'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** How the audience of an entry is accommodated; decides persons per m² in the capacity check. */
export const SEATING = ['seated', 'standing'] as const;
export type Seating = (typeof SEATING)[number];

/** Task states. */
export const TASK_STATUSES = ['todo', 'doing', 'done', 'blocked'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Limits that keep one client from bloating everyone's document. */
export const LIMITS = {
  title: 200,
  label: 200,
  expectedAudience: 500,
  publicDescription: 5000,
  /** Largest |coordinate| and size in cm (10 km; a shop is far smaller). */
  coordinate: 1_000_000,
  attendance: 100_000,
} as const;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Item ids: uuids from newId(), but any short non-empty string is accepted. */
export const IdSchema = z.string().min(1).max(100);
/** ISO 8601 date-time with an offset (Europe/Berlin local time, e.g. 2026-05-02T18:00:00+02:00). */
export const DateTimeSchema = z.iso.datetime({ offset: true });
/** A due date: ISO date or date-time with offset. */
export const DueSchema = z.union([z.iso.date(), DateTimeSchema]);

export const metaFields = {
  title: z.string().max(LIMITS.title),
  disciplines: z.array(z.enum(DISCIPLINES)).max(DISCIPLINES.length),
  expectedAudience: z.string().max(LIMITS.expectedAudience),
  publicDescription: z.string().max(LIMITS.publicDescription),
};
/** Plan meta data. */
export const MetaSchema = z.object(metaFields);
export type PlanMeta = z.infer<typeof MetaSchema>;
/** A change to meta: any subset of fields. */
export const MetaPatchSchema = z.object(metaFields).partial().strict();
export type MetaPatch = z.infer<typeof MetaPatchSchema>;

const coordinate = finite.refine((v) => Math.abs(v) <= LIMITS.coordinate, 'coordinate out of range');
const extent = finite.refine((v) => v > 0 && v <= LIMITS.coordinate, 'must be positive and in range');

export const layoutFields = {
  kind: z.enum(LAYOUT_KINDS),
  x: coordinate,
  y: coordinate,
  w: extent,
  h: extent,
  rotation: finite,
  label: z.string().max(LIMITS.label),
  layer: z.number().int(),
  locked: z.boolean(),
  /**
   * The artwork that goes on this item (issue 17): the id of one of the plan's image attachments. Added
   * after the first documents: readers accept items without it (absent and null mean none), and the
   * server checks that it is an attachment of this plan before serving anything for it.
   */
  referenceImage: z.string().min(1).max(100).nullable().optional(),
};
/** A layout item: (x, y) top-left of the unrotated rectangle in cm, rotation in degrees clockwise about its centre. */
export const LayoutItemSchema = z.object({ id: IdSchema, ...layoutFields });
export type LayoutItem = z.infer<typeof LayoutItemSchema>;
/** A new layout item; optional fields get defaults, the id is generated unless given. */
export const LayoutItemInputSchema = z.object({
  ...layoutFields,
  id: IdSchema.optional(),
  rotation: layoutFields.rotation.default(0),
  label: layoutFields.label.default(''),
  layer: layoutFields.layer.default(0),
  locked: layoutFields.locked.default(false),
});
export type LayoutItemInput = z.input<typeof LayoutItemInputSchema>;
export const LayoutItemPatchSchema = z.object(layoutFields).partial().strict();
export type LayoutItemPatch = z.infer<typeof LayoutItemPatchSchema>;

const endAfterStart = (v: { start?: string; end?: string }, ctx: z.RefinementCtx) => {
  if (v.start !== undefined && v.end !== undefined && !(Date.parse(v.end) > Date.parse(v.start))) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
  }
};

/**
 * Recurring opening hours (issue 18): a weekly pattern of Berlin wall-clock hours between two Berlin
 * dates, plus exceptions on single dates. Stored whole as one plain value under the entry's
 * `recurrence` key (last writer wins for the pattern as a whole; the form always writes all of it).
 * Entries without it are one continuous block from start to end, as before.
 */
/** At most this many occurrences per pattern; the date range is limited to as many days. */
export const MAX_OCCURRENCES = 366;
/** At most this many exceptions per pattern. */
export const MAX_RECURRENCE_EXCEPTIONS = 100;
/** A Berlin wall-clock time of day, `HH:mm` from 00:00 to 24:00 (24:00 only as an end). */
export const TimeOfDaySchema = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'not a time of day (HH:mm, 00:00–24:00)');
const hoursEndAfterStart = (v: { start: string; end: string }, ctx: z.RefinementCtx) => {
  if (v.start === '24:00') ctx.addIssue({ code: 'custom', path: ['start'], message: 'start must be before 24:00' });
  else if (!(v.end > v.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
};
/** Opening hours on one weekday: ISO weekday 1 (Monday) to 7 (Sunday). */
export const WeeklyHoursSchema = z
  .object({ day: z.number().int().min(1).max(7), start: TimeOfDaySchema, end: TimeOfDaySchema })
  .strict()
  .superRefine(hoursEndAfterStart);
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;
/** An exception on one date: closed, or open with these hours (changed hours, or an extra open day). */
export const RecurrenceExceptionSchema = z.union([
  z.object({ date: z.iso.date(), closed: z.literal(true) }).strict(),
  z.object({ date: z.iso.date(), start: TimeOfDaySchema, end: TimeOfDaySchema }).strict().superRefine(hoursEndAfterStart),
]);
export type RecurrenceException = z.infer<typeof RecurrenceExceptionSchema>;

const dayNumber = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** Rules of a whole pattern beyond its fields' shapes; the messages name the field. */
export function recurrenceIssues(v: {
  from: string;
  until: string;
  weekly: readonly { day: number }[];
  exceptions: readonly { date: string }[];
}): Array<{ path: (string | number)[]; message: string }> {
  const out: Array<{ path: (string | number)[]; message: string }> = [];
  const span = dayNumber(v.until) - dayNumber(v.from) + 1;
  if (!(span >= 1)) out.push({ path: ['until'], message: 'until must not be before from' });
  else if (span > MAX_OCCURRENCES)
    out.push({ path: ['until'], message: `at most ${MAX_OCCURRENCES} days (${MAX_OCCURRENCES} occurrences)` });
  const days = new Set<number>();
  v.weekly.forEach((w, i) => {
    if (days.has(w.day)) out.push({ path: ['weekly', i, 'day'], message: 'weekday given twice' });
    days.add(w.day);
  });
  const dates = new Set<string>();
  v.exceptions.forEach((e, i) => {
    if (dates.has(e.date)) out.push({ path: ['exceptions', i, 'date'], message: 'date given twice' });
    else if (e.date < v.from || e.date > v.until)
      out.push({ path: ['exceptions', i, 'date'], message: 'date outside from–until' });
    dates.add(e.date);
  });
  return out;
}

/** A weekly pattern from `from` to `until` (Berlin dates, inclusive) with exceptions. */
export const RecurrenceSchema = z
  .object({
    from: z.iso.date(),
    until: z.iso.date(),
    weekly: z.array(WeeklyHoursSchema).max(7),
    exceptions: z.array(RecurrenceExceptionSchema).max(MAX_RECURRENCE_EXCEPTIONS),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const issue of recurrenceIssues(v)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type Recurrence = z.infer<typeof RecurrenceSchema>;

export const scheduleFields = {
  kind: z.enum(SCHEDULE_KINDS),
  title: z.string().max(LIMITS.title),
  start: DateTimeSchema,
  end: DateTimeSchema,
  expectedAttendance: z.number().int().min(0).max(LIMITS.attendance).nullable(),
  public: z.boolean(),
  seating: z.enum(SEATING),
  /**
   * Recurring opening hours (issue 18); absent on entries that are one block. With a pattern, start
   * and end are the envelope of its occurrences (kept so by the mutators and by read.ts).
   */
  recurrence: RecurrenceSchema.optional(),
};
/** A schedule entry; start and end are instants with offset, end after start. */
export const ScheduleEntrySchema = z.object({ id: IdSchema, ...scheduleFields }).superRefine(endAfterStart);
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;
export const ScheduleEntryInputSchema = z
  .object({
    ...scheduleFields,
    id: IdSchema.optional(),
    title: scheduleFields.title.default(''),
    expectedAttendance: scheduleFields.expectedAttendance.default(null),
    public: scheduleFields.public.default(false),
    seating: scheduleFields.seating.default('standing'),
  })
  .superRefine(endAfterStart);
export type ScheduleEntryInput = z.input<typeof ScheduleEntryInputSchema>;
/** A change of an entry's own fields; the pattern is set with setScheduleRecurrence (it moves start and end along). */
export const ScheduleEntryPatchSchema = z
  .object(scheduleFields)
  .omit({ recurrence: true })
  .partial()
  .strict()
  .superRefine(endAfterStart);
export type ScheduleEntryPatch = z.infer<typeof ScheduleEntryPatchSchema>;

/** Limits of an external helper's fields. */
export const HELPER_LIMITS = { name: 100, phone: 40, email: 254 } as const;
/** A phone number as people write it: digits, spaces, + ( ) / - and at least 3 digits. */
export const HELPER_PHONE = /^\+?[0-9 ()/-]{3,40}$/;
const helperPhone = z
  .string()
  .max(HELPER_LIMITS.phone)
  .regex(HELPER_PHONE, 'not a phone number')
  .refine((v) => (v.match(/[0-9]/g)?.length ?? 0) >= 3, 'not a phone number');
/**
 * A responsible person without an account (issue 14: the owner's caretaker, a neighbour helping out):
 * a name and optionally a phone number or an e-mail address. Part of the plan document, so it is seen
 * by whoever may read the plan (its members, the storefront's owner, staff) and nowhere else: approvals
 * keep only meta and schedule, and the programme and public feeds are made from those.
 */
export const ExternalHelperSchema = z
  .object({
    name: z.string().trim().min(1).max(HELPER_LIMITS.name),
    phone: helperPhone.nullable(),
    email: z.email().max(HELPER_LIMITS.email).nullable(),
  })
  .strict();
export type ExternalHelper = z.infer<typeof ExternalHelperSchema>;

export const taskFields = {
  title: z.string().max(LIMITS.title),
  assignee: IdSchema.nullable(),
  /** An external helper instead of an account; at most one of `assignee` and `helper` is set. */
  helper: ExternalHelperSchema.nullable().optional(),
  due: DueSchema.nullable(),
  status: z.enum(TASK_STATUSES),
  scheduleEntryId: IdSchema.nullable(),
};
/** A responsibility: who does what by when, optionally for one schedule entry. */
export const TaskSchema = z.object({ id: IdSchema, ...taskFields });
export type Task = z.infer<typeof TaskSchema>;
export const TaskInputSchema = z.object({
  ...taskFields,
  id: IdSchema.optional(),
  assignee: taskFields.assignee.default(null),
  due: taskFields.due.default(null),
  status: taskFields.status.default('todo'),
  scheduleEntryId: taskFields.scheduleEntryId.default(null),
});
export type TaskInput = z.input<typeof TaskInputSchema>;
export const TaskPatchSchema = z.object(taskFields).partial().strict();
export type TaskPatch = z.infer<typeof TaskPatchSchema>;

/** The JSON form of a whole plan document, as returned by toJSON(doc). Records are keyed by item id. */
export const PlanDocJSONSchema = z.object({
  meta: MetaSchema,
  concept: z.string(),
  layout: z.record(IdSchema, LayoutItemSchema),
  schedule: z.record(IdSchema, ScheduleEntrySchema),
  tasks: z.record(IdSchema, TaskSchema),
});
export type PlanDocJSON = z.infer<typeof PlanDocJSONSchema>;

/** Meta of an empty document. */
export const EMPTY_META: PlanMeta = { title: '', disciplines: [], expectedAudience: '', publicDescription: '' };
