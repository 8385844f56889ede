import type { MessageKey, MessageParams, Notification, NotificationKind, NotificationList } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import { iso, lockKey } from '../review/docs.ts';

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
}

interface Row {
  id: number;
  user_id: string;
  kind: NotificationKind;
  plan_id: string | null;
  plan_title: string | null;
  comment_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  key: string;
  params: MessageParams | null;
  created_at: Date | string;
  read_at: Date | string | null;
}

const SELECT = `select n.id::float8 as id, n.user_id, n.kind, n.plan_id, p.title as plan_title, n.comment_id, n.actor_id,
    u.name as actor_name, n.key, n.params, n.created_at, n.read_at
  from notifications n
  left join plans p on p.id = n.plan_id
  left join users u on u.id = n.actor_id`;

function toNotification(r: Row): Notification {
  return {
    id: Number(r.id),
    kind: r.kind,
    planId: r.plan_id,
    planTitle: r.plan_title,
    commentId: r.comment_id,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
    key: r.key,
    params: r.params ?? {},
    createdAt: iso(r.created_at),
    read: r.read_at !== null,
  };
}

/**
 * Per-person notifications with an unread count. Each person's ids rise in commit order (inserts take
 * a per-person advisory lock), so `?since=<last id seen>` after a reconnect returns exactly what was
 * missed. New ones go to the person's room live.
 */
export class NotificationService {
  constructor(
    private readonly db: Database,
    private readonly events: RoomBroadcaster,
  ) {}

  /** Stores the notifications (one per person and call at most) and sends each live. */
  async notify(items: NewNotification[]): Promise<void> {
    const seen = new Set<string>();
    const unique = items.filter((n) => (seen.has(n.userId) ? false : (seen.add(n.userId), true)));
    if (!unique.length) return;
    // Lock in a fixed order: two concurrent calls for overlapping people cannot deadlock.
    const sorted = [...unique].sort((a, b) => (a.userId < b.userId ? -1 : 1));
    const ids = await this.db.transaction(async (tx) => {
      const out: number[] = [];
      for (const n of sorted) {
        const l = lockKey(`notify:${n.userId}`);
        await tx.query(l.sql, l.params);
        const { rows } = await tx.query<{ id: number }>(
          `insert into notifications (user_id, kind, plan_id, comment_id, actor_id, key, params)
           values ($1, $2, $3, $4, $5, $6, $7::jsonb) returning id::float8 as id`,
          [n.userId, n.kind, n.planId, n.commentId ?? null, n.actorId ?? null, n.key, JSON.stringify(n.params)],
        );
        out.push(Number(rows[0].id));
      }
      return out;
    });
    const { rows } = await this.db.query<Row>(`${SELECT} where n.id = any($1::bigint[])`, [ids]);
    for (const r of rows) {
      const unreadCount = await this.unreadCount(this.db, r.user_id);
      this.events.toUser(r.user_id, 'notification:new', { notification: toNotification(r), unreadCount });
    }
  }

  async unreadCount(db: Queryable, userId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from notifications where user_id = $1 and read_at is null', [userId]);
    return rows[0]?.n ?? 0;
  }

  async list(userId: string, q: { since: number; unread?: boolean; limit: number }): Promise<NotificationList> {
    const { rows } = await this.db.query<Row>(
      `${SELECT} where n.user_id = $1 and n.id > $2 ${q.unread ? 'and n.read_at is null' : ''} order by n.id limit $3`,
      [userId, q.since, q.limit],
    );
    const items = rows.map(toNotification);
    const cursor = items.length ? items[items.length - 1].id : q.since;
    return { items, unreadCount: await this.unreadCount(this.db, userId), cursor };
  }

  /** Marks some (or all) of the person's notifications read; returns the unread count after. */
  async markRead(userId: string, which: { ids?: number[]; all?: boolean }): Promise<number> {
    if (which.all) await this.db.query('update notifications set read_at = now() where user_id = $1 and read_at is null', [userId]);
    else await this.db.query('update notifications set read_at = now() where user_id = $1 and id = any($2::bigint[]) and read_at is null', [userId, which.ids ?? []]);
    return this.unreadCount(this.db, userId);
  }
}
