/** The SQL behind a notification's content (content.ts). */
import type { Queryable } from '../../platform/db/database.ts';

/** A comment's body and anchor, with its parent's anchor (undefined if there is no such comment). */
export async function commentForContent(
  db: Queryable,
  commentId: string,
): Promise<{ body: string; anchor_kind: string; parent_anchor: string | null } | undefined> {
  const { rows } = await db.query<{ body: string; anchor_kind: string; parent_anchor: string | null }>(
    `select c.body, c.anchor_kind, p.anchor_kind as parent_anchor
         from comments c left join comments p on p.id = c.parent_id where c.id = $1`,
    [commentId],
  );
  return rows[0];
}

/** The note of the plan's latest approval (undefined if it has none). */
export async function latestApprovalNote(db: Queryable, planId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ note: string }>('select note from approvals where plan_id = $1 order by id desc limit 1', [
    planId,
  ]);
  return rows[0]?.note;
}
