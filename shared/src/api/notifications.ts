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
  'consent-given',
  'consent-stale',
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
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z.object({ items: z.array(Notification), unreadCount: z.number().int(), cursor: z.number() });
export type NotificationList = z.infer<typeof NotificationList>;

const UnreadCount = z.object({ unreadCount: z.number().int() });

export const notificationRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/notifications',
    summary: "The caller's notifications after a cursor (oldest first)",
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
