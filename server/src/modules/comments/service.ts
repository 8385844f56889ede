import { randomUUID } from 'node:crypto';
import type { PlanDocJSON } from '@planner/shared/plan/index';
import type { Anchor, Comment, CommentCreateBody, CommentImage, CommentList } from '@planner/shared';
import { STAFF_MENTION } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit, type AuditAction } from '../activity/audit.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import { iso, type DocReader } from '../review/docs.ts';
import type { NewNotification, NotificationService } from '../notifications/service.ts';
import {
  commentAudience,
  commentRow,
  commentsByIds,
  commentsSince,
  insertComment,
  lockComments,
  markCommentDeleted,
  setThreadResolved,
  updateComment,
  wroteInThread,
  type CommentRow,
  type CommentImageRow,
  attachImages,
  attachmentNames,
} from './repo.ts';
import { mentionTargets } from './mention-targets.ts';

const anchorOf = (r: CommentRow): Anchor =>
  r.anchor_kind === 'plan' ? { kind: 'plan' } : ({ kind: r.anchor_kind, id: r.anchor_id ?? '' } as Anchor);

const COLLECTION = { layout: 'layout', schedule: 'schedule', task: 'tasks' } as const;

/** The plan's attachments by id with their file names (`attachment` anchors live in the database, not the document). */
type Attachments = Map<string, string>;

/** The anchored item, or undefined when it is not (or no longer) in the document or the plan's attachments. */
function anchoredItem(doc: PlanDocJSON, anchor: Anchor, attachments: Attachments): { label: string } | undefined {
  if (anchor.kind === 'plan') return { label: doc.meta.title };
  if (anchor.kind === 'attachment') {
    const name = attachments.get(anchor.id);
    return name === undefined ? undefined : { label: name };
  }
  const item = doc[COLLECTION[anchor.kind]][anchor.id] as { label?: string; title?: string; kind?: string } | undefined;
  if (!item) return undefined;
  return { label: item.label || item.title || item.kind || '' };
}

function toComment(r: CommentRow, doc: PlanDocJSON, attachments: Attachments): Comment {
  const anchor = anchorOf(r);
  return {
    id: r.id,
    planId: r.plan_id,
    parentId: r.parent_id,
    anchor,
    anchorLabel: r.anchor_label,
    orphaned: anchoredItem(doc, anchor, attachments) === undefined,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : null,
    body: r.deleted ? '' : r.body,
    mentions: r.deleted ? [] : r.mentions,
    deleted: r.deleted,
    resolved: r.resolved,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at ? iso(r.resolved_at) : null,
    createdAt: iso(r.created_at),
    editedAt: r.edited_at ? iso(r.edited_at) : null,
    images: r.deleted ? [] : (r.images ?? []).map((img) => imageOf(r.plan_id, img)),
    cursor: Number(r.seq),
  };
}

/** A comment's image with the URLs of its thumbnail and largest WebP (served through the app, checked). */
function imageOf(planId: string, img: CommentImageRow): CommentImage {
  const base = `/api/plans/${planId}/attachments/${img.id}/files/`;
  const webp = (img.variants ?? []).filter((v) => v.contentType === 'image/webp');
  const largest = webp.sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0];
  return {
    id: img.id,
    state: img.state,
    width: img.width,
    height: img.height,
    placeholder: img.placeholder,
    thumbUrl: webp.some((v) => v.name === 'w320') ? `${base}w320` : null,
    url: largest ? base + largest.name : null,
  };
}

const notFound = () => new AppError('NOT_FOUND', 'comment.notFound');

/**
 * Comment threads on a plan, anchored to the whole plan or one layout item, schedule entry or task;
 * stored in PostgreSQL, not in the document. Every change takes the plan's comment lock and a new
 * `seq`, so `?since=<cursor>` returns exactly what a reconnecting client missed (deletions included,
 * as tombstones). A thread whose item was deleted stays readable, marked `orphaned`.
 */
export class CommentService {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
    private readonly events: RoomBroadcaster,
    private readonly notifications: NotificationService,
  ) {}

  async get(planId: string, id: string): Promise<CommentRow> {
    const row = await commentRow(this.db, planId, id);
    if (!row) throw notFound();
    return row;
  }

  /** Wrote this comment. */
  async isAuthor(planId: string, id: string, userId: string): Promise<boolean> {
    return (await this.get(planId, id)).author_id === userId;
  }

  /** Wrote in this comment's thread (its root or a reply): their thread to resolve. */
  async isParticipant(planId: string, id: string, userId: string): Promise<boolean> {
    const c = await this.get(planId, id);
    return wroteInThread(this.db, planId, c.parent_id ?? c.id, userId);
  }

  async list(planId: string, since: number, limit: number): Promise<CommentList> {
    const rows = await commentsSince(this.db, planId, since, limit);
    const doc = (await this.docs.live(planId)).json;
    const attachments = await attachmentNames(this.db, planId);
    const items = rows.map((r) => toComment(r, doc, attachments));
    return { items, cursor: items.length ? items[items.length - 1].cursor : since };
  }

  /** Runs a write under the plan's comment lock; returns the changed rows as comments. */
  private async write(
    planId: string,
    log: { actorId: string; action: AuditAction },
    fn: (tx: Queryable) => Promise<string[]>,
  ): Promise<Comment[]> {
    const ids = await this.db.transaction(async (tx) => {
      await lockComments(tx, planId);
      const changed = await fn(tx);
      await audit(tx, { actorId: log.actorId, action: log.action, subjectType: 'comment', subjectId: changed[0], planId });
      return changed;
    });
    const rows = await commentsByIds(this.db, planId, ids);
    const doc = (await this.docs.live(planId)).json;
    const attachments = await attachmentNames(this.db, planId);
    return rows.map((r) => toComment(r, doc, attachments));
  }

  /** People who may be mentioned: the plan's members and its storefront's owner. */
  private audience(planId: string): Promise<{ members: string[]; title: string }> {
    return commentAudience(this.db, planId);
  }

  /**
   * The mentioned user ids: each must be among the plan's mention targets (members, the storefront's
   * owner, the Stabsstelle); `staff` stands for the Stabsstelle's accounts.
   */
  private async mentionedIds(planId: string, requested: string[]): Promise<string[]> {
    if (!requested.length) return [];
    const targets = await mentionTargets(this.db, planId, null);
    const allowed = new Set(targets.flatMap((t) => t.userIds));
    const staffIds = targets.find((t) => t.relation === 'staff')?.userIds ?? [];
    const ids = requested.flatMap((m) => (m === STAFF_MENTION ? staffIds : [m]));
    if (ids.some((m) => !allowed.has(m))) {
      throw new AppError('VALIDATION', 'error.validation', [
        { path: 'mentions', key: 'field.invalidValue', message: 'not a member, the storefront owner or staff of the plan' },
      ]);
    }
    return [...new Set(ids)];
  }

  async create(planId: string, author: { userId: string; name: string }, input: CommentCreateBody): Promise<Comment> {
    const { members, title } = await this.audience(planId);
    const mentions = await this.mentionedIds(planId, input.mentions);
    let anchor: Anchor = input.anchor ?? { kind: 'plan' };
    let label = '';
    let root: CommentRow | null = null;
    if (input.parentId) {
      const parent = await this.get(planId, input.parentId).catch(() => {
        throw new AppError('VALIDATION', 'error.validation', [
          { path: 'parentId', key: 'field.invalidValue', message: 'unknown comment' },
        ]);
      });
      root = parent.parent_id ? await this.get(planId, parent.parent_id) : parent;
      anchor = anchorOf(root);
      label = root.anchor_label;
    } else {
      const item = anchoredItem((await this.docs.live(planId)).json, anchor, await attachmentNames(this.db, planId));
      if (!item)
        throw new AppError('VALIDATION', 'error.validation', [
          { path: 'anchor.id', key: 'field.invalidValue', message: 'no such item' },
        ]);
      label = item.label;
    }
    const id = randomUUID();
    const [comment] = await this.write(planId, { actorId: author.userId, action: 'comment.created' }, async (tx) => {
      await insertComment(tx, {
        id,
        planId,
        parentId: root?.id ?? null,
        anchor,
        label,
        authorId: author.userId,
        body: input.body,
        mentions,
      });
      const imageIds = input.imageIds ?? [];
      if ((await attachImages(tx, planId, id, author.userId, imageIds)) !== new Set(imageIds).size) {
        throw new AppError('VALIDATION', 'error.validation', [
          { path: 'imageIds', key: 'field.invalidValue', message: 'not an image you uploaded for a comment in this plan' },
        ]);
      }
      return [id];
    });
    this.events.toPlan(planId, 'comment:created', comment);

    const notes: NewNotification[] = [];
    const base = { planId, commentId: id, actorId: author.userId };
    for (const m of mentions) {
      if (m !== author.userId) {
        notes.push({
          ...base,
          userId: m,
          kind: 'mention',
          key: 'notification.mention',
          params: { actor: author.name, plan: title },
        });
      }
    }
    if (root?.author_id && root.author_id !== author.userId) {
      notes.push({
        ...base,
        userId: root.author_id,
        kind: 'reply',
        key: 'notification.reply',
        params: { actor: author.name, plan: title },
      });
    }
    for (const m of members) {
      if (m !== author.userId) {
        notes.push({
          ...base,
          userId: m,
          kind: 'comment',
          key: 'notification.comment',
          params: { actor: author.name, plan: title },
        });
      }
    }
    await this.notifications.notify(notes);
    return comment;
  }

  async edit(
    planId: string,
    id: string,
    author: { userId: string; name: string },
    input: { body: string; mentions: string[] },
  ): Promise<Comment> {
    const before = await this.get(planId, id);
    if (before.deleted) throw notFound();
    const { title } = await this.audience(planId);
    const mentions = await this.mentionedIds(planId, input.mentions);
    const [comment] = await this.write(planId, { actorId: author.userId, action: 'comment.edited' }, async (tx) => {
      await updateComment(tx, planId, id, input.body, mentions);
      return [id];
    });
    this.events.toPlan(planId, 'comment:updated', comment);
    const added = mentions.filter((m) => !before.mentions.includes(m) && m !== author.userId);
    await this.notifications.notify(
      added.map((m) => ({
        userId: m,
        kind: 'mention' as const,
        planId,
        commentId: id,
        actorId: author.userId,
        key: 'notification.mention',
        params: { actor: author.name, plan: title },
      })),
    );
    return comment;
  }

  /** Deletes a comment; it stays as a tombstone so its replies keep their thread. */
  async remove(planId: string, id: string, actorId: string): Promise<void> {
    const c = await this.get(planId, id);
    if (c.deleted) return;
    const [comment] = await this.write(planId, { actorId, action: 'comment.deleted' }, async (tx) => {
      await markCommentDeleted(tx, planId, id);
      return [id];
    });
    this.events.toPlan(planId, 'comment:deleted', { planId, id, cursor: comment.cursor });
  }

  /** Resolves or reopens a comment's thread (the state lives on its root). */
  async setResolved(planId: string, id: string, userId: string, resolved: boolean): Promise<Comment> {
    const c = await this.get(planId, id);
    const root = c.parent_id ?? c.id;
    const action = resolved ? 'comment.resolved' : 'comment.reopened';
    const [comment] = await this.write(planId, { actorId: userId, action }, async (tx) => {
      await setThreadResolved(tx, planId, root, resolved, userId);
      return [root];
    });
    this.events.toPlan(planId, 'comment:updated', comment);
    return comment;
  }
}
