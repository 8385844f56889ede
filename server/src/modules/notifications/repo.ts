/** All SQL of the notifications capability. */
import type { MessageParams, Notification, NotificationKind } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { iso } from '../review/docs.ts';
import { lockXact } from '../../platform/db/locks.ts';
import { linkOf } from './content.ts';

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
  excerpt: string | null;
  tab: string | null;
}

const SELECT = `select n.id::float8 as id, n.user_id, n.kind, n.plan_id, p.title as plan_title, n.comment_id, n.actor_id,
    u.name as actor_name, n.key, n.params, n.created_at, n.read_at, n.excerpt, n.tab
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
    excerpt: r.excerpt,
    tab: r.tab,
    link: r.kind === 'call-shortlisted' ? '/kurzliste' : linkOf(r.plan_id, r.tab),
  };
}

export interface NotificationRow {
  userId: string;
  kind: NotificationKind;
  planId: string | null;
  commentId: string | null;
  actorId: string | null;
  key: string;
  params: MessageParams;
  excerpt: string | null;
  tab: string | null;
}

/**
 * Inserts one notification under the person's advisory lock (inside a transaction), so each person's
 * ids rise in commit order: `?since=<last id seen>` after a reconnect returns exactly what was missed.
 */
export async function insertNotification(tx: Queryable, n: NotificationRow): Promise<number> {
  await lockXact(tx, `notify:${n.userId}`);
  const { rows } = await tx.query<{ id: number }>(
    `insert into notifications (user_id, kind, plan_id, comment_id, actor_id, key, params, excerpt, tab)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) returning id::float8 as id`,
    [n.userId, n.kind, n.planId, n.commentId, n.actorId, n.key, JSON.stringify(n.params), n.excerpt, n.tab],
  );
  return Number(rows[0].id);
}

export async function notificationsByIds(db: Queryable, ids: number[]): Promise<(Notification & { userId: string })[]> {
  const { rows } = await db.query<Row>(`${SELECT} where n.id = any($1::bigint[])`, [ids]);
  return rows.map((r) => ({ ...toNotification(r), userId: r.user_id }));
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from notifications where user_id = $1 and read_at is null',
    [userId],
  );
  return rows[0]?.n ?? 0;
}

export async function listNotifications(
  db: Queryable,
  userId: string,
  q: { since?: number; before?: number; unread?: boolean; limit: number },
): Promise<Notification[]> {
  const unread = q.unread ? 'and n.read_at is null' : '';
  // The catch-up after a reconnect reads forward from a cursor, oldest first.
  if (q.since !== undefined) {
    const { rows } = await db.query<Row>(`${SELECT} where n.user_id = $1 and n.id > $2 ${unread} order by n.id limit $3`, [
      userId,
      q.since,
      q.limit,
    ]);
    return rows.map(toNotification);
  }
  // The list: newest first, a page older than `before`.
  const { rows } = await db.query<Row>(
    `${SELECT} where n.user_id = $1 and ($2::bigint is null or n.id < $2::bigint) ${unread} order by n.id desc limit $3`,
    [userId, q.before ?? null, q.limit],
  );
  return rows.map(toNotification);
}

export async function markRead(db: Queryable, userId: string, which: { ids?: number[]; all?: boolean }): Promise<void> {
  if (which.all) await db.query('update notifications set read_at = now() where user_id = $1 and read_at is null', [userId]);
  else
    await db.query('update notifications set read_at = now() where user_id = $1 and id = any($2::bigint[]) and read_at is null', [
      userId,
      which.ids ?? [],
    ]);
}
