/** The signed-in person's notifications: schemas and route contracts. */
import { z } from 'zod';
import { defineRoute } from './contract.ts';
import { Cursor } from './review.ts';

export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'comment',
  'plan-submitted',
  'plan-approved',
  'changes-requested',
  'approval-stale',
  'storefront-plan',
  'member-added',
  'access-requested',
  'access-decided',
  'plan-published',
  'plan-unpublished',
  'entry-cancelled',
  'consent-given',
  'consent-stale',
  'call-extended',
  'call-cancelled',
  'call-shortlisted',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * `GET /api/notifications?before=<id>&unread=true`: newest first, a page older than `before` (issue 14).
 * `?since=<cursor>`: the catch-up after a reconnect, oldest first after the cursor.
 */
export const NotificationListQuery = z.object({
  since: Cursor.optional(),
  before: Cursor.optional(),
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** `POST /api/notifications/read`: some or all. */
export const NotificationReadBody = z
  .object({ ids: z.array(z.coerce.number().int().min(1)).max(500).optional(), all: z.literal(true).optional() })
  .strict()
  .refine((b) => !!b.ids !== !!b.all, { message: 'give ids or all, not both' });

export const Notification = z.object({
  /** Also the catch-up cursor of the person's stream. */
  id: z.number(),
  kind: z.enum(NOTIFICATION_KINDS),
  planId: z.string().nullable(),
  planTitle: z.string().nullable(),
  commentId: z.string().nullable(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** A message key of the shared catalogue (`notification.*`); render with `formatMessage(key, params, locale)`. */
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  createdAt: z.string(),
  read: z.boolean(),
  /** An excerpt of the comment or note it is about (kept as it was when notified), or null. */
  excerpt: z.string().nullable(),
  /** The plan editor's tab it is about (`review`, `layout`, `schedule`, `tasks`, `concept`), or null. */
  tab: z.string().nullable(),
  /** Where it leads: the plan, opened on that tab (`/plans/<id>?tab=review`), or null. */
  link: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z.object({
  items: z.array(Notification),
  unreadCount: z.number().int(),
  /** The highest id seen: the catch-up cursor (`?since=`). */
  cursor: z.number(),
  /** Newest first: `?before=` for the next (older) page, null when there is none. */
  nextBefore: z.number().nullable(),
});
export type NotificationList = z.infer<typeof NotificationList>;

const UnreadCount = z.object({ unreadCount: z.number().int() });

export const notificationRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/notifications',
    summary: "The caller's notifications, newest first (`before` pages back); `since` catches up oldest first",
    tags: ['notifications'],
    query: NotificationListQuery,
    response: { 200: NotificationList },
  }),
  unreadCount: defineRoute({
    method: 'GET',
    path: '/api/notifications/unread-count',
    summary: "The caller's unread count",
    tags: ['notifications'],
    response: { 200: UnreadCount },
  }),
  read: defineRoute({
    method: 'POST',
    path: '/api/notifications/read',
    summary: 'Mark some or all notifications read; answers the unread count after',
    tags: ['notifications'],
    body: NotificationReadBody,
    response: { 200: UnreadCount },
  }),
};
