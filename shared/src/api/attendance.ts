/**
 * Route contracts of attendance (issue 20): the actual visitors of each public entry of a published plan,
 * recorded by the plan's designers (or staff) once the entry has ended. Entries are those of the approved
 * copy of the schedule, the same ones the public programme shows.
 */
import { z } from 'zod';
import { Id, Text } from './common.ts';
import { defineRoute } from './contract.ts';

/** Most visitors one entry can have (a plausibility bound, not a rule of the city). */
export const MAX_VISITORS = 1_000_000;

const planOnly = z.object({ planId: Id });
export const attendanceParams = z.object({ planId: Id, entryId: z.string().min(1).max(200) });

/** `PUT /api/plans/:planId/attendance/:entryId`: the count (whole number ≥ 0) and an optional note. */
export const AttendanceBody = z
  .object({
    visitors: z.number().int().min(0).max(MAX_VISITORS),
    note: Text(500).optional(),
  })
  .strict();
export type AttendanceBody = z.infer<typeof AttendanceBody>;

/** One ended public entry with its recorded count (null while none is recorded). */
export const AttendanceEntry = z
  .object({
    planId: Id,
    entryId: z.string(),
    kind: z.string(),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    visitors: z.number().int().nullable(),
    note: z.string(),
    recordedBy: z.string().nullable(),
    recordedAt: z.string().nullable(),
  })
  .meta({ id: 'AttendanceEntry' });
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;

export const AttendanceList = z.object({
  /** Ended public entries, oldest first. */
  entries: z.array(AttendanceEntry),
  /** Public entries that have not ended yet (counts can be recorded after their end). */
  upcoming: z.number().int(),
  /** Whether the plan is published or done (before that, nothing is counted). */
  published: z.boolean(),
});
export type AttendanceList = z.infer<typeof AttendanceList>;

/** An ended public entry still without a count, for staff. */
export const MissingAttendance = z.object({
  planId: Id,
  planTitle: z.string(),
  storefrontTitle: z.string(),
  quarterName: z.string(),
  entryId: z.string(),
  title: z.string(),
  start: z.string(),
  end: z.string(),
});
export type MissingAttendance = z.infer<typeof MissingAttendance>;

export const MissingAttendanceList = z.object({ items: z.array(MissingAttendance), total: z.number().int() });
export type MissingAttendanceList = z.infer<typeof MissingAttendanceList>;

export const attendanceRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/attendance',
    summary: "The plan's ended public entries with their recorded visitors",
    tags: ['attendance'],
    params: planOnly,
    response: { 200: AttendanceList },
  }),
  record: defineRoute({
    method: 'PUT',
    path: '/api/plans/:planId/attendance/:entryId',
    summary: 'Records (or corrects) the visitors of an ended public entry; 409 before its end',
    tags: ['attendance'],
    params: attendanceParams,
    body: AttendanceBody,
    response: { 200: AttendanceEntry },
  }),
  missing: defineRoute({
    method: 'GET',
    path: '/api/attendance/missing',
    summary: 'Ended public entries of published plans still without a visitor count (staff), oldest first',
    tags: ['attendance'],
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: { 200: MissingAttendanceList },
  }),
};
