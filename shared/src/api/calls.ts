/**
 * Route contracts of open calls (issue 16, "Aufrufe"): staff create a call for one or more storefronts
 * with criteria, a deadline (entered and shown in Europe/Berlin), viewing slots and jurors; publishing
 * gives the public call page, the list, an Atom feed and iCalendar entries. Applicants book viewings.
 */
import { z } from 'zod';
import { DateOnly, Id, Line, Text, storable } from './common.ts';
import { defineRoute } from './contract.ts';

export const CALL_STATUSES = ['draft', 'published', 'closed', 'decided', 'cancelled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** A Berlin wall-clock time as `<input type="datetime-local">` gives it: `2027-03-28T12:00`. */
export const BerlinLocal = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected YYYY-MM-DDTHH:mm (Europe/Berlin)')
  .refine((v) => Number.isFinite(Date.parse(`${v}:00Z`)), 'not a time');

export const CriterionInput = z
  .object({
    label: Line(200),
    description: Text(1000).default(''),
    weight: z.number().positive().max(100),
  })
  .strict();

export const ViewingInput = z
  .object({
    /** Keep an existing slot (and its bookings) by passing its id. */
    id: Id.optional(),
    storefrontId: Id.nullable().default(null),
    /** Berlin wall-clock times. */
    start: BerlinLocal,
    end: BerlinLocal,
    capacity: z.number().int().min(1).max(500),
    note: Text(500).default(''),
  })
  .strict()
  .refine((v) => v.end > v.start, { message: 'end must be after start', path: ['end'] });

const callFields = {
  title: Line(200),
  body: Text(20_000),
  disciplines: z.array(Line(100)).max(30),
  storefrontIds: z.array(Id).min(1).max(20),
  periodStart: DateOnly.nullable(),
  periodEnd: DateOnly.nullable(),
  deadline: BerlinLocal,
  criteria: z.array(CriterionInput).max(30),
  viewings: z.array(ViewingInput).max(100),
  blind: z.boolean(),
  privacyText: Text(20_000),
};

/** `POST /api/calls`: a new draft. */
export const CallCreate = z
  .object({
    ...callFields,
    body: callFields.body.default(''),
    disciplines: callFields.disciplines.default([]),
    periodStart: callFields.periodStart.default(null),
    periodEnd: callFields.periodEnd.default(null),
    criteria: callFields.criteria.default([]),
    viewings: callFields.viewings.default([]),
    blind: callFields.blind.default(false),
    privacyText: callFields.privacyText.default(''),
  })
  .strict()
  .refine((c) => !c.periodStart || !c.periodEnd || c.periodEnd >= c.periodStart, {
    message: 'end before start',
    path: ['periodEnd'],
  });
export type CallCreate = z.infer<typeof CallCreate>;

/** `PATCH /api/calls/:callId`: any field (the deadline of a published call only through `extend`). */
export const CallPatch = z.object(callFields).partial().strict();
export type CallPatch = z.infer<typeof CallPatch>;

/** Actions without data send an empty object. */
export const EmptyBody = z.object({}).strict();

export const CallExtendBody = z.object({ deadline: BerlinLocal }).strict();
export const CallCancelBody = z.object({ reason: Line(1000) }).strict();
export const CallJurorsBody = z.object({ userIds: z.array(Id).max(50) }).strict();
export const JurorInviteBody = z
  .object({ email: z.string().trim().toLowerCase().email().max(320), name: Text(200).default('') })
  .strict();
export const JurorAcceptBody = z
  .object({ name: Line(200).optional(), password: z.string().min(12).max(200).optional() })
  .strict();

const Viewing = z.object({
  id: z.string(),
  storefrontId: z.string().nullable(),
  /** ISO instants with the Berlin offset of their moment. */
  start: z.string(),
  end: z.string(),
  capacity: z.number().int(),
  booked: z.number().int(),
  note: z.string(),
  /** Whether the asker booked it (false when anonymous). */
  mine: z.boolean(),
});
export type CallViewing = z.infer<typeof Viewing>;

const CallStorefront = z.object({
  id: z.string(),
  title: z.string(),
  address: z.string(),
  quarterName: z.string(),
  /** Whether the exposé of this storefront is public. */
  exposeOffered: z.boolean(),
});

const Criterion = z.object({ id: z.string(), label: z.string(), description: z.string(), weight: z.number() });

/** What the public sees of a published call. */
export const PublicCall = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    body: z.string(),
    disciplines: z.array(z.string()),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    /** ISO with the Berlin offset of the moment, e.g. `2027-03-28T12:00:00+02:00`. */
    deadline: z.string(),
    status: z.enum(CALL_STATUSES),
    /** Published and before the deadline. */
    open: z.boolean(),
    blind: z.boolean(),
    privacyText: z.string(),
    cancelReason: z.string().nullable(),
    publishedAt: z.string().nullable(),
    storefronts: z.array(CallStorefront),
    criteria: z.array(Criterion),
    viewings: z.array(Viewing),
  })
  .meta({ id: 'PublicCall' });
export type PublicCall = z.infer<typeof PublicCall>;

/** The full call for staff and its jurors. */
export const Call = PublicCall.extend({
  createdAt: z.string(),
  updatedAt: z.string(),
  jurors: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), staff: z.boolean() })),
  invitations: z.array(
    z.object({ id: z.string(), email: z.string(), name: z.string(), expiresAt: z.string(), acceptedAt: z.string().nullable() }),
  ),
}).meta({ id: 'Call' });
export type Call = z.infer<typeof Call>;

export const CallSummary = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  status: z.enum(CALL_STATUSES),
  open: z.boolean(),
  deadline: z.string(),
  storefrontCount: z.number().int(),
  disciplines: z.array(z.string()),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
});
export type CallSummary = z.infer<typeof CallSummary>;
export const CallList = z.object({ items: z.array(CallSummary) });
export type CallList = z.infer<typeof CallList>;

export const JurorInvitationInfo = z.object({
  callTitle: z.string(),
  email: z.string(),
  name: z.string(),
  /** An account with this e-mail exists: sign in to accept. */
  accountExists: z.boolean(),
  accepted: z.boolean(),
});

export const callParams = z.object({ callId: Id });
export const viewingParams = z.object({ callId: Id, viewingId: Id });
export const slugParams = z.object({ slug: storable(z.string().min(1).max(200)) });
export const tokenParams = z.object({ token: storable(z.string().min(20).max(200)) });

export const callRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/calls',
    summary: 'Every call, drafts too (staff)',
    tags: ['calls'],
    response: { 200: CallList },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/calls',
    summary: 'Creates a draft call (staff)',
    tags: ['calls'],
    body: CallCreate,
    response: { 201: Call },
  }),
  jury: defineRoute({
    method: 'GET',
    path: '/api/calls/jury',
    summary: 'The calls the asker is a juror of',
    tags: ['calls'],
    response: { 200: CallList },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/calls/:callId',
    summary: 'One call with its jurors and invitations (staff, and the jurors of this call)',
    tags: ['calls'],
    params: callParams,
    response: { 200: Call },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/calls/:callId',
    summary: 'Changes a draft or published call (staff; a published deadline only through extend)',
    tags: ['calls'],
    params: callParams,
    body: CallPatch,
    response: { 200: Call },
  }),
  publish: defineRoute({
    method: 'POST',
    path: '/api/calls/:callId/publish',
    summary: 'Publishes a draft call (staff)',
    tags: ['calls'],
    params: callParams,
    body: EmptyBody,
    response: { 200: Call },
  }),
  extend: defineRoute({
    method: 'POST',
    path: '/api/calls/:callId/extend',
    summary: 'Moves the deadline later and tells applicants and viewing bookers (staff)',
    tags: ['calls'],
    params: callParams,
    body: CallExtendBody,
    response: { 200: Call },
  }),
  cancel: defineRoute({
    method: 'POST',
    path: '/api/calls/:callId/cancel',
    summary: 'Cancels a call with a reason and tells applicants and viewing bookers (staff)',
    tags: ['calls'],
    params: callParams,
    body: CallCancelBody,
    response: { 200: Call },
  }),
  setJurors: defineRoute({
    method: 'PUT',
    path: '/api/calls/:callId/jurors',
    summary: 'Sets the staff jurors of a call (external jurors stay; staff)',
    tags: ['calls'],
    params: callParams,
    body: CallJurorsBody,
    response: { 200: Call },
  }),
  inviteJuror: defineRoute({
    method: 'POST',
    path: '/api/calls/:callId/juror-invitations',
    summary: 'Invites an external juror by e-mail (staff)',
    tags: ['calls'],
    params: callParams,
    body: JurorInviteBody,
    response: { 201: Call },
  }),
  invitation: defineRoute({
    method: 'GET',
    path: '/api/juror-invitations/:token',
    summary: 'What a juror invitation is for (the link is the proof)',
    tags: ['calls'],
    params: tokenParams,
    response: { 200: JurorInvitationInfo },
  }),
  acceptInvitation: defineRoute({
    method: 'POST',
    path: '/api/juror-invitations/:token/accept',
    summary: 'Accepts a juror invitation: links the signed-in account, or creates one (name, password)',
    tags: ['calls'],
    params: tokenParams,
    body: JurorAcceptBody,
    response: { 200: z.object({ callId: z.string(), userId: z.string(), created: z.boolean() }) },
  }),
  book: defineRoute({
    method: 'POST',
    path: '/api/calls/:callId/viewings/:viewingId/booking',
    summary: 'Books a viewing slot (409 when full or already booked)',
    tags: ['calls'],
    params: viewingParams,
    body: EmptyBody,
    response: { 201: PublicCall },
  }),
  unbook: defineRoute({
    method: 'DELETE',
    path: '/api/calls/:callId/viewings/:viewingId/booking',
    summary: "Cancels one's own viewing booking",
    tags: ['calls'],
    params: viewingParams,
    response: { 200: PublicCall },
  }),
  publicList: defineRoute({
    method: 'GET',
    path: '/api/public/calls',
    summary: 'Published calls, open ones first',
    tags: ['calls'],
    response: { 200: CallList },
  }),
  publicGet: defineRoute({
    method: 'GET',
    path: '/api/public/calls/:slug',
    summary: 'One published call (drafts: 404)',
    tags: ['calls'],
    params: slugParams,
    response: { 200: PublicCall },
  }),
  calendar: defineRoute({
    method: 'GET',
    path: '/api/public/calls/:slug/calendar.ics',
    summary: "The call's deadline and viewings as iCalendar",
    tags: ['calls'],
    params: slugParams,
    produces: 'text/calendar',
    response: { 200: z.string() },
  }),
};

/** Whether a published call still takes applications at `now`. */
export function callIsOpen(c: { status: string; deadline: string }, now = Date.now()): boolean {
  return c.status === 'published' && Date.parse(c.deadline) > now;
}
