/** All SQL of the comments capability. */
import type { Anchor } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { lockXact } from '../../platform/db/locks.ts';

export interface CommentRow {
  id: string;
  plan_id: string;
  parent_id: string | null;
  anchor_kind: Anchor['kind'];
  anchor_id: string | null;
  anchor_label: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  mentions: string[];
  deleted: boolean;
  resolved: boolean;
  resolved_by: string | null;
  resolved_at: Date | string | null;
  created_at: Date | string;
  edited_at: Date | string | null;
  seq: number;
  images: CommentImageRow[];
}

/** An image attached to the comment (plan_attachments with this comment_id). */
export interface CommentImageRow {
  id: string;
  state: 'processing' | 'ready' | 'failed';
  width: number | null;
  height: number | null;
  placeholder: string | null;
  variants: { name: string; contentType: string; width: number | null }[];
}

const SELECT = `select c.id, c.plan_id, c.parent_id, c.anchor_kind, c.anchor_id, c.anchor_label, c.author_id, u.name as author_name,
    c.body, c.mentions, c.deleted, c.resolved, c.resolved_by, c.resolved_at, c.created_at, c.edited_at, c.seq::float8 as seq,
    coalesce((select json_agg(json_build_object('id', a.id, 'state', a.state, 'width', a.width, 'height', a.height,
        'placeholder', a.placeholder, 'variants', a.variants) order by a.created_at, a.id)
      from plan_attachments a where a.comment_id = c.id), '[]'::json) as images
  from comments c left join users u on u.id = c.author_id`;

export async function commentRow(db: Queryable, planId: string, id: string): Promise<CommentRow | undefined> {
  return (await db.query<CommentRow>(`${SELECT} where c.plan_id = $1 and c.id = $2`, [planId, id])).rows[0];
}

/** The plan's comments changed after `since`, in change order. */
export async function commentsSince(db: Queryable, planId: string, since: number, limit: number): Promise<CommentRow[]> {
  return (
    await db.query<CommentRow>(`${SELECT} where c.plan_id = $1 and c.seq > $2 order by c.seq limit $3`, [planId, since, limit])
  ).rows;
}

export async function commentsByIds(db: Queryable, planId: string, ids: string[]): Promise<CommentRow[]> {
  return (await db.query<CommentRow>(`${SELECT} where c.plan_id = $1 and c.id = any($2::text[]) order by c.seq`, [planId, ids]))
    .rows;
}

/** Whether the user wrote the thread's root or a reply in it. */
export async function wroteInThread(db: Queryable, planId: string, rootId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    'select 1 from comments where plan_id = $1 and (id = $2 or parent_id = $2) and author_id = $3 limit 1',
    [planId, rootId, userId],
  );
  return rows.length > 0;
}

/** People who may be mentioned (the plan's members and its storefront's owner) and the plan's title. */
export async function commentAudience(db: Queryable, planId: string): Promise<{ members: string[]; title: string }> {
  const { rows } = await db.query<{ user_id: string; title: string }>(
    `select m.user_id, p.title from plans p join plan_members m on m.plan_id = p.id where p.id = $1
     union select s.owner_id, p.title from plans p join storefronts s on s.id = p.storefront_id where p.id = $1 and s.owner_id is not null`,
    [planId],
  );
  const title =
    rows[0]?.title ?? (await db.query<{ title: string }>('select title from plans where id = $1', [planId])).rows[0]?.title ?? '';
  return { members: rows.map((r) => r.user_id), title };
}

/** Takes the plan's comment lock for the rest of the transaction: changes get `seq` in commit order. */
export async function lockComments(tx: Queryable, planId: string): Promise<void> {
  await lockXact(tx, `comments:${planId}`);
}

export async function insertComment(
  tx: Queryable,
  c: {
    id: string;
    planId: string;
    parentId: string | null;
    anchor: Anchor;
    label: string;
    authorId: string;
    body: string;
    mentions: string[];
  },
): Promise<void> {
  await tx.query(
    `insert into comments (id, plan_id, parent_id, anchor_kind, anchor_id, anchor_label, author_id, body, mentions, seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, nextval('review_seq'))`,
    [
      c.id,
      c.planId,
      c.parentId,
      c.anchor.kind,
      c.anchor.kind === 'plan' ? null : c.anchor.id,
      c.label,
      c.authorId,
      c.body,
      JSON.stringify(c.mentions),
    ],
  );
}

export async function updateComment(tx: Queryable, planId: string, id: string, body: string, mentions: string[]): Promise<void> {
  await tx.query(
    `update comments set body = $3, mentions = $4::jsonb, edited_at = now(), seq = nextval('review_seq') where plan_id = $1 and id = $2`,
    [planId, id, body, JSON.stringify(mentions)],
  );
}

/** Empties a comment and marks it deleted (a tombstone, so its replies keep their thread). */
export async function markCommentDeleted(tx: Queryable, planId: string, id: string): Promise<void> {
  await tx.query(
    `update comments set deleted = true, body = '', mentions = '[]'::jsonb, seq = nextval('review_seq') where plan_id = $1 and id = $2`,
    [planId, id],
  );
}

export async function setThreadResolved(
  tx: Queryable,
  planId: string,
  rootId: string,
  resolved: boolean,
  userId: string,
): Promise<void> {
  await tx.query(
    `update comments set resolved = $3, resolved_by = case when $3 then $4 else null end, resolved_at = case when $3 then now() else null end,
       seq = nextval('review_seq') where plan_id = $1 and id = $2`,
    [planId, rootId, resolved, userId],
  );
}

/** The plan's attachments (issue 17) by id with their file names: what `attachment` anchors point at. */
export async function attachmentNames(db: Queryable, planId: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; file_name: string }>(
    "select id, file_name from plan_attachments where plan_id = $1 and purpose = 'material'",
    [planId],
  );
  return new Map(rows.map((r) => [r.id, r.file_name]));
}

/**
 * Attaches images to a new comment: each must be an image uploaded for comments (`purpose = 'comment'`)
 * in this plan by the comment's author and not attached yet. Returns how many were attached.
 */
export async function attachImages(
  tx: Queryable,
  planId: string,
  commentId: string,
  authorId: string,
  ids: string[],
): Promise<number> {
  if (!ids.length) return 0;
  const { rows } = await tx.query(
    `update plan_attachments set comment_id = $3, updated_at = now()
      where plan_id = $1 and id = any($2::text[]) and purpose = 'comment' and comment_id is null and uploaded_by = $4
      returning id`,
    [planId, [...new Set(ids)], commentId, authorId],
  );
  return rows.length;
}
