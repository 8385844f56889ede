/**
 * The review loop's API contract (issue 6): approvals bound to the schedule's content hash, versions,
 * anchored comments, notifications, calendar feeds and the public programme. Every body, param and
 * query the server accepts is parsed with one of these schemas; the interfaces describe the answers.
 */
import { z } from 'zod';
import { DateOnly, Id } from './common.ts';
import type { NormalisedScheduleEntry, PlanDocJSON, ScheduleDiff } from '../plan/index.ts';
import type { PlanStatus, PlanTransition } from './plans.ts';

/** A cursor of a catch-up stream: a positive integer as text or number; 0 means "from the start". */
export const Cursor = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// ── Approvals ────────────────────────────────────────────────────────────────

export const APPROVAL_DECISIONS = ['approved', 'changes-requested'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** `POST /api/plans/:planId/approvals`: staff re-approve the current schedule of an approved or published plan. */
export const ApprovalRenewBody = z.object({ note: z.string().max(4000).optional() }).strict();

/** One recorded decision. `schedule` is the normalised schedule it was bound to. */
export interface Approval {
  id: number;
  planId: string;
  decision: ApprovalDecision;
  note: string;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string;
  /** `sha256:<hex>` of the normalised schedule (see shared/src/plan/schedule-hash.ts). */
  scheduleHash: string;
  schedule: NormalisedScheduleEntry[];
  /** The version taken with this decision. */
  version: number | null;
  /**
   * Stored flag: a schedule edit made this approval stale (kept in step by the server within a fraction
   * of a second of the edit; `ApprovalState.stale` is computed from the live document on each request).
   */
  stale: boolean;
  staleSince: string | null;
}

/** `GET /api/plans/:planId/approval`: the plan's review state. */
export interface ApprovalState {
  planId: string;
  status: PlanStatus;
  /** The latest decision, if any. */
  latest: Approval | null;
  /** The approval that binds the schedule now (latest decision is `approved` and the plan is approved/published/done). */
  current: Approval | null;
  /** `current` exists and the live schedule differs from it. */
  stale: boolean;
  currentHash: string;
  /** What changed since `current` (empty when fresh or without approval). */
  changes: ScheduleDiff | null;
}

// ── Versions ─────────────────────────────────────────────────────────────────

export const VERSION_REASONS = ['submit', 'approval', 'manual'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

export const VersionCreateBody = z.object({ name: z.string().trim().min(1).max(200) }).strict();
export const versionParams = z.object({ planId: Id, version: z.coerce.number().int().min(1).max(1_000_000) });
/** `GET /api/plans/:planId/versions/compare?from=1&to=3` (`to` may be `current`). */
export const VersionCompareQuery = z.object({
  from: z.coerce.number().int().min(1).max(1_000_000),
  to: z.union([z.literal('current'), z.coerce.number().int().min(1).max(1_000_000)]).default('current'),
});

export interface VersionSummary {
  number: number;
  name: string;
  reason: VersionReason;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  scheduleHash: string;
}

export interface VersionDetail extends VersionSummary {
  plan: PlanDocJSON;
}

/** Changes of one keyed collection (layout, tasks) between two versions. */
export interface ItemChanges {
  added: string[];
  removed: string[];
  changed: { id: string; fields: string[] }[];
}

export interface VersionComparison {
  from: number;
  to: number | 'current';
  schedule: ScheduleDiff;
  layout: ItemChanges;
  tasks: ItemChanges;
  meta: string[];
  concept: boolean;
}

// ── Comments ─────────────────────────────────────────────────────────────────

export const ANCHOR_KINDS = ['plan', 'layout', 'schedule', 'task'] as const;
export type AnchorKind = (typeof ANCHOR_KINDS)[number];

/** What a thread is pinned to: the whole plan or one item of the document. */
export const Anchor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan') }).strict(),
  z.object({ kind: z.literal('layout'), id: z.string().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('schedule'), id: z.string().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('task'), id: z.string().min(1).max(100) }).strict(),
]);
export type Anchor = z.infer<typeof Anchor>;

const body = z.string().trim().min(1).max(10_000);
/** `POST /api/plans/:planId/comments`: a new thread (with `anchor`) or a reply (with `parentId`). */
export const CommentCreateBody = z
  .object({
    body,
    anchor: Anchor.optional(),
    parentId: Id.optional(),
    /** Plan members to notify; each must be a member of the plan (or the storefront's owner). */
    mentions: z.array(Id).max(50).default([]),
  })
  .strict()
  .refine((b) => !(b.anchor && b.parentId), { message: 'give an anchor for a new thread or a parentId for a reply, not both' });
export type CommentCreateBody = z.infer<typeof CommentCreateBody>;

export const CommentEditBody = z.object({ body, mentions: z.array(Id).max(50).default([]) }).strict();
export const commentParams = z.object({ planId: Id, commentId: Id });
/** `GET /api/plans/:planId/comments?since=<cursor>`. */
export const CommentListQuery = z.object({ since: Cursor.default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) });

export interface Comment {
  id: string;
  planId: string;
  /** The thread's root; null for a root. */
  parentId: string | null;
  anchor: Anchor;
  /** The anchored item's label or title when the thread was started. */
  anchorLabel: string;
  /** The anchored item no longer exists in the document. */
  orphaned: boolean;
  author: { id: string; name: string } | null;
  /** Empty when deleted. */
  body: string;
  mentions: string[];
  deleted: boolean;
  /** Roots only. */
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  /** Catch-up cursor: rises with every change of this plan's comments. */
  cursor: number;
}

export interface CommentList {
  items: Comment[];
  /** Pass as `since` to get what changed after this answer. */
  cursor: number;
}

// ── Notifications ────────────────────────────────────────────────────────────

export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'comment',
  'plan-submitted',
  'plan-approved',
  'changes-requested',
  'approval-stale',
  'storefront-plan',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `GET /api/notifications?since=<cursor>&unread=true`. */
export const NotificationListQuery = z.object({
  since: Cursor.default(0),
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** `POST /api/notifications/read`: some or all. */
export const NotificationReadBody = z
  .object({ ids: z.array(z.coerce.number().int().min(1)).max(500).optional(), all: z.literal(true).optional() })
  .strict()
  .refine((b) => !!b.ids !== !!b.all, { message: 'give ids or all, not both' });

export interface Notification {
  /** Also the catch-up cursor of the person's stream. */
  id: number;
  kind: NotificationKind;
  planId: string | null;
  planTitle: string | null;
  commentId: string | null;
  actor: { id: string; name: string } | null;
  /** A message key of the shared catalogue (`notification.*`); render with `formatMessage(key, params, locale)`. */
  key: string;
  params: Record<string, string | number>;
  createdAt: string;
  read: boolean;
}

export interface NotificationList {
  items: Notification[];
  unreadCount: number;
  cursor: number;
}

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
  quarter: z.string().min(1).max(100).optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
});

/**
 * One public entry of a published plan, from its approved schedule. These keys and nothing else:
 * never owner contacts, private notes, tasks or unpublished plans.
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
    storefront: z.object({ id: z.string(), title: z.string(), address: z.string(), lat: z.number(), lng: z.number() }).strict(),
    quarter: z.object({ id: z.string(), name: z.string(), slug: z.string() }).strict(),
  })
  .strict();
export type ProgrammeEntry = z.infer<typeof ProgrammeEntry>;

export interface Programme {
  items: ProgrammeEntry[];
}

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
