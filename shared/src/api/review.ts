/**
 * The review loop's API contract (issue 6): approvals bound to the schedule's content hash, versions,
 * anchored comments, notifications, calendar feeds and the public programme. Every body, param and
 * query the server accepts is parsed with one of these schemas; the interfaces describe the answers.
 */
import { z } from 'zod';
import { DateOnly, Id, storable } from './common.ts';
import { defineRoute } from './contract.ts';
import { planParams } from './auth.ts';
import type { Notification } from './notifications.ts';
import {
  PlanDocJSONSchema,
  RecurrenceSchema,
  SCHEDULE_KINDS,
  SEATING,
  type NormalisedScheduleEntry,
  type ScheduleDiff,
} from '../plan/index.ts';
import { PLAN_STATUSES, PlanSummary, type PlanStatus, type PlanTransition } from './plans.ts';
import { ContentHash, Reason } from './consent.ts';

/** A cursor of a catch-up stream: a positive integer as text or number; 0 means "from the start". */
export const Cursor = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// ── Approvals ────────────────────────────────────────────────────────────────

export const APPROVAL_DECISIONS = ['approved', 'changes-requested'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** `POST /api/plans/:planId/approvals`: staff re-approve the current schedule of an approved or published plan. */
export const ApprovalRenewBody = z
  .object({ note: storable(z.string().max(4000)).optional(), scheduleHash: ContentHash, acknowledgeErrors: Reason.optional() })
  .strict();

/** A schedule entry in canonical form (see plan/schedule-hash.ts), as stored with an approval. */
export const NormalisedScheduleEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(SCHEDULE_KINDS),
  title: z.string(),
  start: z.string(),
  end: z.string(),
  expectedAttendance: z.number().nullable(),
  public: z.boolean(),
  seating: z.enum(SEATING),
  /** The weekly opening-hours pattern (issue 18), only on entries that have one. */
  recurrence: RecurrenceSchema.optional(),
}) satisfies z.ZodType<NormalisedScheduleEntry>;

const ScheduleEntryChangeSchema = z.object({
  id: z.string(),
  before: NormalisedScheduleEntrySchema,
  after: NormalisedScheduleEntrySchema,
});
/** What changed between two schedules (see plan/schedule-diff.ts). */
export const ScheduleDiffSchema = z.object({
  added: z.array(NormalisedScheduleEntrySchema),
  removed: z.array(NormalisedScheduleEntrySchema),
  moved: z.array(ScheduleEntryChangeSchema),
  retitled: z.array(ScheduleEntryChangeSchema),
  changed: z.array(
    ScheduleEntryChangeSchema.extend({
      fields: z.array(z.enum(['kind', 'expectedAttendance', 'public', 'seating', 'recurrence'])),
    }),
  ),
}) satisfies z.ZodType<ScheduleDiff>;

const Person = z.object({ id: z.string(), name: z.string() });

/** One recorded decision. `schedule` is the normalised schedule it was bound to. */
export const Approval = z.object({
  id: z.number(),
  planId: z.string(),
  decision: z.enum(APPROVAL_DECISIONS),
  note: z.string(),
  decidedBy: Person.nullable(),
  decidedAt: z.string(),
  /** `sha256:<hex>` of the normalised schedule (see shared/src/plan/schedule-hash.ts). */
  scheduleHash: z.string(),
  schedule: z.array(NormalisedScheduleEntrySchema),
  /** The version taken with this decision. */
  version: z.number().nullable(),
  /**
   * Stored flag: a schedule edit made this approval stale (kept in step by the server within a fraction
   * of a second of the edit; `ApprovalState.stale` is computed from the live document on each request).
   */
  stale: z.boolean(),
  staleSince: z.string().nullable(),
  /** The reason given for approving despite open error findings, if there were any. */
  acknowledgedErrors: z.string().nullable(),
});
export type Approval = z.infer<typeof Approval>;

/** `GET /api/plans/:planId/approval`: the plan's review state. */
export const ApprovalState = z.object({
  planId: z.string(),
  status: z.enum(PLAN_STATUSES),
  /** The latest decision, if any. */
  latest: Approval.nullable(),
  /** The approval that binds the schedule now (latest decision is `approved` and the plan is approved/published/done). */
  current: Approval.nullable(),
  /** `current` exists and the live schedule differs from it. */
  stale: z.boolean(),
  currentHash: z.string(),
  /** What changed since `current` (empty when fresh or without approval). */
  changes: ScheduleDiffSchema.nullable(),
  /** The live document's revision this state was read at (compare with `approval:diff`'s `revision`). */
  revision: z.number().int().min(0).optional(),
});
export type ApprovalState = z.infer<typeof ApprovalState>;

/**
 * `approval:diff` (plan room): the live diff against the binding approval, recomputed from the live
 * document after every schedule edit (debounced) on every instance. `revision` grows with the
 * document; with the approval's id it orders the pushes: a client applies only a newer one.
 */
export const ApprovalDiffEvent = z.object({
  planId: z.string(),
  approvalId: z.number(),
  stale: z.boolean(),
  currentHash: z.string(),
  changes: ScheduleDiffSchema,
  revision: z.number().int().min(0),
});
export type ApprovalDiffEvent = z.infer<typeof ApprovalDiffEvent>;

// ── Versions ─────────────────────────────────────────────────────────────────

export const VERSION_REASONS = ['submit', 'approval', 'manual'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

export const VersionCreateBody = z.object({ name: storable(z.string().trim().min(1).max(200)) }).strict();
export const versionParams = z.object({ planId: Id, version: z.coerce.number().int().min(1).max(1_000_000) });
/** `GET /api/plans/:planId/versions/compare?from=1&to=3` (`to` may be `current`). */
export const VersionCompareQuery = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000),
  to: z.union([z.literal('current'), z.coerce.number().int().min(1).max(1_000_000)]).default('current'),
});

export const VersionSummary = z.object({
  number: z.number(),
  /** A `version.*` message key for versions the server took, or the name a person gave. */
  name: z.string(),
  reason: z.enum(VERSION_REASONS),
  createdBy: Person.nullable(),
  createdAt: z.string(),
  scheduleHash: z.string(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionDetail = VersionSummary.extend({ plan: PlanDocJSONSchema });
export type VersionDetail = z.infer<typeof VersionDetail>;

/** Changes of one keyed collection (layout, tasks) between two versions. */
export const ItemChanges = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
});
export type ItemChanges = z.infer<typeof ItemChanges>;

export const VersionComparison = z.object({
  from: z.number(),
  to: z.union([z.number(), z.literal('current')]),
  schedule: ScheduleDiffSchema,
  layout: ItemChanges,
  tasks: ItemChanges,
  meta: z.array(z.string()),
  concept: z.boolean(),
});
export type VersionComparison = z.infer<typeof VersionComparison>;

/** `GET /api/approvals/stale` (staff): how many plans at most, newest change first. */
export const StaleApprovalsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) });
/**
 * Approved and published plans whose binding approval went stale (the stored flag on `approvals`, kept
 * in step with schedule edits by the server): the dashboard's "Veraltete Freigaben" in one query.
 */
export const StaleApprovals = z.object({ items: z.array(PlanSummary) });
export type StaleApprovals = z.infer<typeof StaleApprovals>;

export const approvalRoutes = {
  stale: defineRoute({
    method: 'GET',
    path: '/api/approvals/stale',
    summary: 'Approved and published plans whose approval went stale (staff)',
    tags: ['review'],
    query: StaleApprovalsQuery,
    response: { 200: StaleApprovals },
  }),
  state: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/approval',
    summary: "The plan's review state: current approval, whether it is stale, what changed since",
    tags: ['review'],
    params: planParams,
    response: { 200: ApprovalState },
  }),
  history: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/approvals',
    summary: 'Every decision on the plan, newest first',
    tags: ['review'],
    params: planParams,
    response: { 200: z.object({ items: z.array(Approval) }) },
  }),
  renew: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/approvals',
    summary: 'Approve the current schedule of an approved or published plan again',
    tags: ['review'],
    params: planParams,
    body: ApprovalRenewBody,
    response: { 201: Approval },
  }),
};

export const versionRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/versions',
    summary: 'Versions of the plan document, oldest first',
    tags: ['review'],
    params: planParams,
    response: { 200: z.object({ items: z.array(VersionSummary) }) },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/versions',
    summary: 'Take a named version of the live document',
    tags: ['review'],
    params: planParams,
    body: VersionCreateBody,
    response: { 201: VersionSummary },
  }),
  compare: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/versions/compare',
    summary: 'What changed from one version to another (or to the live document)',
    tags: ['review'],
    params: planParams,
    query: VersionCompareQuery,
    response: { 200: VersionComparison },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/versions/:version',
    summary: 'The plan as of a version',
    tags: ['review'],
    params: versionParams,
    response: { 200: VersionDetail },
  }),
};

// ── Comments ─────────────────────────────────────────────────────────────────

export const ANCHOR_KINDS = ['plan', 'layout', 'schedule', 'task', 'attachment'] as const;
export type AnchorKind = (typeof ANCHOR_KINDS)[number];

/** What a thread is pinned to: the whole plan, one item of the document, or one attachment (issue 17). */
export const Anchor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan') }).strict(),
  z.object({ kind: z.literal('layout'), id: storable(z.string().min(1).max(100)) }).strict(),
  z.object({ kind: z.literal('schedule'), id: storable(z.string().min(1).max(100)) }).strict(),
  z.object({ kind: z.literal('task'), id: storable(z.string().min(1).max(100)) }).strict(),
  /** A file of the plan's material (issue 17). */
  z.object({ kind: z.literal('attachment'), id: z.string().uuid() }).strict(),
]);
export type Anchor = z.infer<typeof Anchor>;

const body = storable(z.string().trim().min(1).max(10_000));
/**
 * Whom a comment notifies: a user id among the plan's mention targets, or `staff` for the Stabsstelle
 * as a whole (the reviewing staff member, else every staff account), which the server expands when the
 * comment is written, so naming the Stabsstelle does not depend on how many staff accounts there are.
 */
export const STAFF_MENTION = 'staff';
const Mentions = z
  .array(z.union([Id, z.literal(STAFF_MENTION)]))
  .max(50)
  .default([]);
/** `POST /api/plans/:planId/comments`: a new thread (with `anchor`) or a reply (with `parentId`). */
export const CommentCreateBody = z
  .object({
    body,
    anchor: Anchor.optional(),
    parentId: Id.optional(),
    /** Whom to notify: plan members, the storefront's owner, staff members or `staff` (the Stabsstelle). */
    mentions: Mentions,
    /**
     * Images for this comment (issue 17): ids of attachments uploaded with `?purpose=comment` by the
     * author in this plan and not attached to another comment yet.
     */
    imageIds: z.array(Id).max(10).optional(),
  })
  .strict()
  .refine((b) => !(b.anchor && b.parentId), { message: 'give an anchor for a new thread or a parentId for a reply, not both' });
export type CommentCreateBody = z.infer<typeof CommentCreateBody>;

export const CommentEditBody = z.object({ body, mentions: Mentions }).strict();
export const commentParams = z.object({ planId: Id, commentId: Id });
/** `GET /api/plans/:planId/comments?since=<cursor>`. */
export const CommentListQuery = z.object({
  since: Cursor.default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** An image attached to a comment (issue 17), read like the plan's attachments. */
export const CommentImage = z.object({
  id: z.string(),
  state: z.enum(['processing', 'ready', 'failed']),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  placeholder: z.string().nullable(),
  /** The 320 px thumbnail (WebP), once processed. */
  thumbUrl: z.string().nullable(),
  /** The largest served size (WebP up to 1920 px), once processed. */
  url: z.string().nullable(),
});
export type CommentImage = z.infer<typeof CommentImage>;

export const Comment = z.object({
  id: z.string(),
  planId: z.string(),
  /** The thread's root; null for a root. */
  parentId: z.string().nullable(),
  anchor: Anchor,
  /** The anchored item's label or title when the thread was started. */
  anchorLabel: z.string(),
  /** The anchored item no longer exists in the document. */
  orphaned: z.boolean(),
  author: Person.nullable(),
  /** Empty when deleted. */
  body: z.string(),
  mentions: z.array(z.string()),
  deleted: z.boolean(),
  /** Roots only. */
  resolved: z.boolean(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  /** Attached images (none when deleted). */
  images: z.array(CommentImage),
  /** Catch-up cursor: rises with every change of this plan's comments. */
  cursor: z.number(),
});
export type Comment = z.infer<typeof Comment>;

export const CommentList = z.object({
  items: z.array(Comment),
  /** Pass as `since` to get what changed after this answer. */
  cursor: z.number(),
});
export type CommentList = z.infer<typeof CommentList>;

// ── Feeds ────────────────────────────────────────────────────────────────────

export const storefrontFeedParams = z.object({ storefrontId: Id });
/** Personal feed secrets: 43 characters of base64url. */
export const personalFeedParams = z.object({ secret: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

/** `GET/POST/DELETE /api/feeds/personal`. The secret URL is only in the answer of POST (only its hash is stored). */
export interface PersonalFeed {
  active: boolean;
  url: string | null;
  createdAt: string | null;
}

// ── Public programme ─────────────────────────────────────────────────────────

/** `GET /api/public/programme?quarter=<id|slug>&from=YYYY-MM-DD&to=YYYY-MM-DD`. */
export const ProgrammeQuery = z.object({
  quarter: storable(z.string().min(1).max(100)).optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
});

/**
 * One Berlin calendar day on which a public entry runs, with that day's part of it. An entry within
 * one day has one `whole` day; one over several days has a `first` (from its start to midnight),
 * `middle` days (all day) and a `last` (from midnight to its end). Only the days within the asked
 * `from`–`to` window are listed, at most 400 per entry (a later window lists the rest).
 */
export const ProgrammeDay = z
  .object({
    /** `YYYY-MM-DD` in Europe/Berlin. */
    day: z.string(),
    part: z.enum(['whole', 'first', 'middle', 'last']),
    /** ISO instants: the entry's time on this day. */
    start: z.string(),
    end: z.string(),
  })
  .strict();
export type ProgrammeDay = z.infer<typeof ProgrammeDay>;

/**
 * One public entry of a published plan, from its approved schedule. These keys and nothing else:
 * never owner contacts, private notes, tasks or unpublished plans. `start`/`end` are the whole entry
 * (as the iCalendar event has it); `days` are the days it runs within the asked window.
 */
export const ProgrammeEntry = z
  .object({
    id: z.string(),
    planId: z.string(),
    planTitle: z.string(),
    description: z.string(),
    kind: z.string(),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    days: z.array(ProgrammeDay),
    /**
     * Recurring opening hours (issue 18): true when the entry follows a weekly pattern, and then each
     * of `days` is one opening with its hours (closed days are not listed). Absent for one-off entries.
     */
    recurring: z.literal(true).optional(),
    storefront: z.object({ id: z.string(), title: z.string(), address: z.string(), lat: z.number(), lng: z.number() }).strict(),
    quarter: z.object({ id: z.string(), name: z.string(), slug: z.string() }).strict(),
  })
  .strict();
export type ProgrammeEntry = z.infer<typeof ProgrammeEntry>;

/** The answer of `GET /api/public/programme`. */
export const Programme = z.object({ items: z.array(ProgrammeEntry) }).strict();
export type Programme = z.infer<typeof Programme>;

// ── Live events (socket.io payloads; see events.ts) ──────────────────────────

/** A plan changed status (plan room). */
export interface PlanStatusEvent {
  planId: string;
  transition: PlanTransition;
  from: PlanStatus;
  to: PlanStatus;
  actorId: string;
  note: string | null;
  at: string;
}

/** The current approval became stale, or fresh again (plan room). */
export interface ApprovalStaleEvent {
  planId: string;
  approvalId: number;
  stale: boolean;
  currentHash: string;
  at: string;
}

export interface CommentDeletedEvent {
  planId: string;
  id: string;
  cursor: number;
}

export interface NotificationEvent {
  notification: Notification;
  unreadCount: number;
}
