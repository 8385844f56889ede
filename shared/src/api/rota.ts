/**
 * Route contracts of the duty rota ("Aufsicht", issue 18): shifts covering a plan's opening hours and
 * events, the people on them (plan members or external contacts without an account), swap offers, and
 * the person's "Heute" view. Times are ISO 8601 with an offset; the server answers in Europe/Berlin.
 */
import { z } from 'zod';
import { DateOnly, DateTime, Id, Line, Text } from './common.ts';
import { defineRoute } from './contract.ts';
import { FindingSchema } from './checks.ts';

/** Schedule kinds whose hours someone must be in the shop for: opening hours and events. */
export const ROTA_ENTRY_KINDS = ['open-hours', 'opening', 'event', 'workshop'] as const;

/** Most people one shift may ask for (a plausibility bound). */
export const MAX_SHIFT_PEOPLE = 50;

/** Hours before a shift's start from which an uncovered or under-staffed shift is an error, not a warning. */
export const ROTA_URGENT_HOURS = 48;

/** The body of an action without input: none, or an empty object. */
const NoBody = z.object({}).strict().nullish();

const planOnly = z.object({ planId: Id });
const shiftParams = z.object({ planId: Id, shiftId: Id });
const assignmentParams = z.object({ planId: Id, assignmentId: Id });
const swapParams = z.object({ planId: Id, swapId: Id });
const contactParams = z.object({ planId: Id, contactId: Id });

const ShiftFields = {
  start: DateTime,
  end: DateTime,
  minPeople: z.number().int().min(1).max(MAX_SHIFT_PEOPLE),
  label: Text(120).optional(),
};

/** `POST …/rota/shifts`: a shift by hand (start before end). */
export const ShiftBody = z
  .object(ShiftFields)
  .strict()
  .refine((b) => Date.parse(b.end) > Date.parse(b.start), { message: 'end must be after start', path: ['end'] });
export type ShiftBody = z.infer<typeof ShiftBody>;

/** `PATCH …/rota/shifts/:shiftId`: any of the fields. */
export const ShiftPatch = z
  .object(ShiftFields)
  .partial()
  .strict()
  .refine((b) => !b.start || !b.end || Date.parse(b.end) > Date.parse(b.start), {
    message: 'end must be after start',
    path: ['end'],
  });
export type ShiftPatch = z.infer<typeof ShiftPatch>;

/** `POST …/rota/shifts/:shiftId/assignments`: a plan member (or staff account) or an external contact. */
export const AssignBody = z.union([z.object({ userId: Id }).strict(), z.object({ contactId: Id }).strict()]);
export type AssignBody = z.infer<typeof AssignBody>;

/** `POST …/rota/contacts`: a person without an account. */
export const ContactBody = z
  .object({
    name: Line(120),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[+0-9 ()/-]*$/, 'digits, spaces and + ( ) / - only')
      .optional(),
    email: z.union([z.literal(''), z.string().trim().max(254).email()]).optional(),
  })
  .strict();
export type ContactBody = z.infer<typeof ContactBody>;

/** An external contact of a plan's rota. */
export const RotaContact = z.object({ id: Id, name: z.string(), phone: z.string(), email: z.string() });
export type RotaContact = z.infer<typeof RotaContact>;

/** One person on a shift. */
export const ShiftPerson = z.object({
  assignmentId: Id,
  kind: z.enum(['member', 'contact']),
  userId: z.string().nullable(),
  contactId: z.string().nullable(),
  name: z.string(),
  /** The open swap offer of this assignment, if any. */
  swapId: z.string().nullable(),
});
export type ShiftPerson = z.infer<typeof ShiftPerson>;

export const Shift = z
  .object({
    id: Id,
    planId: Id,
    /** The schedule entry the shift was suggested from, or null. */
    entryId: z.string().nullable(),
    start: z.string(),
    end: z.string(),
    minPeople: z.number().int(),
    label: z.string(),
    people: z.array(ShiftPerson),
  })
  .meta({ id: 'Shift' });
export type Shift = z.infer<typeof Shift>;

export const RotaView = z.object({
  planId: Id,
  shifts: z.array(Shift),
  contacts: z.array(RotaContact),
  /** The rota's findings (uncovered and under-staffed hours, people in two shifts at once). */
  findings: z.array(FindingSchema),
  /** What the reader may do here (the matrix on the server, the lead included), for showing the controls. */
  may: z.object({ manage: z.boolean(), assign: z.boolean(), signUp: z.boolean(), swap: z.boolean() }),
});
export type RotaView = z.infer<typeof RotaView>;

export const SuggestResult = z.object({ created: z.array(Shift) });
export type SuggestResult = z.infer<typeof SuggestResult>;

/** The "Heute" view: the person's shifts today and the opening hours and events of their plans. */
export const TodayShift = z.object({
  shiftId: Id,
  planId: Id,
  planTitle: z.string(),
  label: z.string(),
  start: z.string(),
  end: z.string(),
  minPeople: z.number().int(),
  people: z.array(z.string()),
  storefrontTitle: z.string(),
  address: z.string(),
});
export type TodayShift = z.infer<typeof TodayShift>;

export const TodayEntry = z.object({
  planId: Id,
  planTitle: z.string(),
  entryId: z.string(),
  kind: z.string(),
  title: z.string(),
  start: z.string(),
  end: z.string(),
  storefrontTitle: z.string(),
  address: z.string(),
});
export type TodayEntry = z.infer<typeof TodayEntry>;

export const TodayView = z.object({ date: z.string(), shifts: z.array(TodayShift), entries: z.array(TodayEntry) });
export type TodayView = z.infer<typeof TodayView>;

export const rotaRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/rota',
    summary: "The plan's shifts, external contacts and rota findings",
    tags: ['rota'],
    params: planOnly,
    response: { 200: RotaView },
  }),
  createShift: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/rota/shifts',
    summary: 'Adds a shift by hand',
    tags: ['rota'],
    params: planOnly,
    body: ShiftBody,
    response: { 201: Shift },
  }),
  updateShift: defineRoute({
    method: 'PATCH',
    path: '/api/plans/:planId/rota/shifts/:shiftId',
    summary: "Changes a shift's times, minimum people or label",
    tags: ['rota'],
    params: shiftParams,
    body: ShiftPatch,
    response: { 200: Shift },
  }),
  deleteShift: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/rota/shifts/:shiftId',
    summary: 'Deletes a shift and its assignments',
    tags: ['rota'],
    params: shiftParams,
    response: { 204: z.null() },
  }),
  suggest: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/rota/suggest',
    summary: '"Schichten vorschlagen": one shift per occurrence of opening hours and events still without one',
    tags: ['rota'],
    params: planOnly,
    body: NoBody,
    response: { 200: SuggestResult },
  }),
  signUp: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/rota/shifts/:shiftId/signup',
    summary: 'Signs oneself up for a shift',
    tags: ['rota'],
    params: shiftParams,
    body: NoBody,
    response: { 200: Shift },
  }),
  signOff: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/rota/shifts/:shiftId/signup',
    summary: 'Signs oneself off a shift',
    tags: ['rota'],
    params: shiftParams,
    response: { 200: Shift },
  }),
  assign: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/rota/shifts/:shiftId/assignments',
    summary: 'Puts a member or an external contact on a shift (lead designer, staff)',
    tags: ['rota'],
    params: shiftParams,
    body: AssignBody,
    response: { 200: Shift },
  }),
  unassign: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/rota/assignments/:assignmentId',
    summary: 'Takes someone off a shift (lead designer, staff)',
    tags: ['rota'],
    params: assignmentParams,
    response: { 200: Shift },
  }),
  addContact: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/rota/contacts',
    summary: 'Adds an external contact (a person without an account) to the rota',
    tags: ['rota'],
    params: planOnly,
    body: ContactBody,
    response: { 201: RotaContact },
  }),
  deleteContact: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/rota/contacts/:contactId',
    summary: 'Removes an external contact and their shifts',
    tags: ['rota'],
    params: contactParams,
    response: { 204: z.null() },
  }),
  offerSwap: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/rota/assignments/:assignmentId/swap',
    summary: "Offers one's own shift to the plan's other members",
    tags: ['rota'],
    params: assignmentParams,
    body: NoBody,
    response: { 200: Shift },
  }),
  withdrawSwap: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/rota/swaps/:swapId',
    summary: "Withdraws one's own swap offer",
    tags: ['rota'],
    params: swapParams,
    response: { 200: Shift },
  }),
  takeSwap: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/rota/swaps/:swapId/take',
    summary: 'Takes an offered shift: the assignment moves to the taker',
    tags: ['rota'],
    params: swapParams,
    body: NoBody,
    response: { 200: Shift },
  }),
  today: defineRoute({
    method: 'GET',
    path: '/api/rota/today',
    summary: "The person's shifts today (Berlin day) and the opening hours and events of their plans",
    tags: ['rota'],
    query: z.object({ date: DateOnly.optional() }),
    response: { 200: TodayView },
  }),
};
