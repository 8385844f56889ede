import type { MessageKey, MessageParams, NotificationKind, NotificationList } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import { contentOf, excerptOf, type Content } from './content.ts';
import { insertNotification, listNotifications, markRead, notificationsByIds, unreadCount } from './repo.ts';

/** One notification to create. */
export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  planId: string | null;
  commentId?: string | null;
  actorId?: string | null;
  /** What the notification says, as a key of the shared catalogue and its params. */
  key: MessageKey;
  params: MessageParams;
  /** An excerpt of what it is about; by default the comment's, or the decision's note (content.ts). */
  excerpt?: string | null;
  /** The editor tab it opens; by default from the kind and the comment's anchor (content.ts). */
  tab?: string | null;
}

/**
 * Per-person notifications with an unread count. Each person's ids rise in commit order (see
 * repo.ts), so `?since=<last id seen>` after a reconnect returns exactly what was missed. New ones go
 * to the person's room live.
 */
export class NotificationService {
  constructor(
    private readonly db: Database,
    private readonly events: RoomBroadcaster,
  ) {}

  /** Stores the notifications (one per person and call at most) and sends each live. */
  async notify(items: NewNotification[]): Promise<void> {
    const seen = new Set<string>();
    const unique = items.filter((n) => {
      if (seen.has(n.userId)) return false;
      seen.add(n.userId);
      return true;
    });
    if (!unique.length) return;
    // Lock in a fixed order: two concurrent calls for overlapping people cannot deadlock.
    const sorted = [...unique].sort((a, b) => (a.userId < b.userId ? -1 : 1));
    const ids = await this.db.transaction(async (tx) => {
      const out: number[] = [];
      const content = new Map<string, Content>();
      for (const n of sorted) {
        const commentId = n.commentId ?? null;
        const key = `${n.kind}:${n.planId}:${commentId}`;
        if (!content.has(key)) content.set(key, await contentOf(tx, { kind: n.kind, planId: n.planId, commentId }));
        const c = content.get(key)!;
        out.push(
          await insertNotification(tx, {
            ...n,
            commentId,
            actorId: n.actorId ?? null,
            excerpt: n.excerpt !== undefined ? excerptOf(n.excerpt) : c.excerpt,
            tab: n.tab !== undefined ? n.tab : c.tab,
          }),
        );
      }
      return out;
    });
    for (const { userId, ...notification } of await notificationsByIds(this.db, ids)) {
      this.events.toUser(userId, 'notification:new', { notification, unreadCount: await unreadCount(this.db, userId) });
    }
  }

  unreadCount(db: Queryable, userId: string): Promise<number> {
    return unreadCount(db, userId);
  }

  /** Newest first (`before` pages back), or with `since` the catch-up, oldest first. */
  async list(userId: string, q: { since?: number; before?: number; unread?: boolean; limit: number }): Promise<NotificationList> {
    const items = await listNotifications(this.db, userId, q);
    const ids = items.map((n) => n.id);
    const cursor = Math.max(q.since ?? 0, ...ids);
    const nextBefore = q.since === undefined && items.length === q.limit ? Math.min(...ids) : null;
    return { items, unreadCount: await unreadCount(this.db, userId), cursor, nextBefore };
  }

  /** Marks some (or all) of the person's notifications read; returns the unread count after. */
  async markRead(userId: string, which: { ids?: number[]; all?: boolean }): Promise<number> {
    await markRead(this.db, userId, which);
    return unreadCount(this.db, userId);
  }
}
