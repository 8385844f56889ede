/**
 * What a notification is about (issue 14): an excerpt of the comment or decision note, and the plan
 * editor's tab it opens. Filled in when it is created and stored with it, so a later edit or deletion
 * of the comment does not change what the person was told.
 */
import type { NotificationKind } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { commentForContent, latestApprovalNote } from './content-repo.ts';

/** Longest excerpt, in characters (an ellipsis marks a cut). */
export const EXCERPT_MAX = 160;

/** Kinds about the review loop: they open the review tab. */
const REVIEW_KINDS: ReadonlySet<string> = new Set([
  'plan-submitted',
  'plan-approved',
  'changes-requested',
  'approval-stale',
  'storefront-plan',
]);

/** A comment's anchor → the tab that shows it; a comment on the whole plan is part of the review. */
const TAB_OF_ANCHOR: Record<string, string> = { plan: 'review', layout: 'layout', schedule: 'schedule', task: 'tasks' };

/** One line, at most {@link EXCERPT_MAX} characters. */
export function excerptOf(text: string | null | undefined): string | null {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!line) return null;
  if (line.length <= EXCERPT_MAX) return line;
  const cut = line.slice(0, EXCERPT_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > EXCERPT_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The link of a notification: the plan on its tab. */
export function linkOf(planId: string | null, tab: string | null): string | null {
  if (!planId) return null;
  return tab ? `/plans/${planId}?tab=${encodeURIComponent(tab)}` : `/plans/${planId}`;
}

export interface Content {
  excerpt: string | null;
  tab: string | null;
}

/** Excerpt and tab for a new notification that did not bring its own. */
export async function contentOf(
  db: Queryable,
  n: { kind: NotificationKind; planId: string | null; commentId: string | null },
): Promise<Content> {
  if (n.commentId) {
    const c = await commentForContent(db, n.commentId);
    if (c) return { excerpt: excerptOf(c.body), tab: TAB_OF_ANCHOR[c.parent_anchor ?? c.anchor_kind] ?? 'review' };
  }
  if (!REVIEW_KINDS.has(n.kind)) return { excerpt: null, tab: null };
  if ((n.kind === 'changes-requested' || n.kind === 'plan-approved') && n.planId) {
    return { excerpt: excerptOf(await latestApprovalNote(db, n.planId)), tab: 'review' };
  }
  return { excerpt: null, tab: 'review' };
}
