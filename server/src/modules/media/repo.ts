/** All SQL of the media capability (plan attachments, issue 17). */
import type { Queryable } from '../../platform/db/database.ts';

/** A file of an attachment that may be served, as stored in `variants`. */
export interface StoredVariant {
  name: string;
  contentType: string;
  width: number | null;
  height: number | null;
  bytes: number;
  key: string;
}

export interface AttachmentRow {
  id: string;
  plan_id: string;
  kind: 'image' | 'pdf';
  content_type: string;
  file_name: string;
  size_bytes: number;
  state: 'processing' | 'ready' | 'failed';
  failure_key: string | null;
  width: number | null;
  height: number | null;
  page_count: number | null;
  placeholder: string | null;
  dominant_color: string | null;
  variants: StoredVariant[];
  uploaded_by: string | null;
  created_at: Date | string;
  is_public: boolean;
  public_hash: string | null;
  purpose: 'material' | 'comment' | 'handover';
  comment_id: string | null;
  /** Whether the plan is published and not deleted (a public image is public only then). */
  plan_published: boolean;
}

const COLUMNS = `a.id, a.plan_id, a.kind, a.content_type, a.file_name, a.size_bytes::float8 as size_bytes, a.state,
    a.failure_key, a.width, a.height, a.page_count, a.placeholder, a.dominant_color, a.variants, a.uploaded_by, a.created_at,
    a.is_public, a.public_hash, a.purpose, a.comment_id,
    (p.status = 'published' and p.deleted_at is null) as plan_published
  from plan_attachments a join plans p on p.id = a.plan_id`;
const SELECT = `select ${COLUMNS}`;

/**
 * Inserts the attachment if the plan's uploads stay within `maxPlanBytes`, checked under a lock on the
 * plan's row so that concurrent uploads cannot together pass the limit; returns whether it did.
 * Call inside a transaction.
 */
export async function insertWithinLimit(
  tx: Queryable,
  a: Parameters<typeof insertAttachment>[1],
  maxPlanBytes: number,
): Promise<boolean> {
  await tx.query('select id from plans where id = $1 for update', [a.planId]);
  if ((await usedBytes(tx, a.planId)) + a.bytes > maxPlanBytes) return false;
  await insertAttachment(tx, a);
  return true;
}

export async function insertAttachment(
  db: Queryable,
  a: {
    id: string;
    planId: string;
    kind: 'image' | 'pdf';
    contentType: string;
    fileName: string;
    bytes: number;
    uploadedBy: string | null;
    purpose?: 'material' | 'comment' | 'handover';
  },
): Promise<void> {
  await db.query(
    `insert into plan_attachments (id, plan_id, kind, content_type, file_name, size_bytes, uploaded_by, purpose)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a.id, a.planId, a.kind, a.contentType, a.fileName, a.bytes, a.uploadedBy, a.purpose ?? 'material'],
  );
}

export async function attachmentRow(db: Queryable, planId: string, id: string): Promise<AttachmentRow | undefined> {
  return (await db.query<AttachmentRow>(`${SELECT} where a.plan_id = $1 and a.id = $2`, [planId, id])).rows[0];
}

export async function attachmentById(db: Queryable, id: string): Promise<AttachmentRow | undefined> {
  return (await db.query<AttachmentRow>(`${SELECT} where a.id = $1`, [id])).rows[0];
}

export async function attachmentsOf(db: Queryable, planId: string): Promise<AttachmentRow[]> {
  return (
    await db.query<AttachmentRow>(`${SELECT} where a.plan_id = $1 and a.purpose = 'material' order by a.created_at desc, a.id`, [
      planId,
    ])
  ).rows;
}

/** Bytes of the plan's uploads together. */
export async function usedBytes(db: Queryable, planId: string): Promise<number> {
  const { rows } = await db.query<{ used: number }>(
    'select coalesce(sum(size_bytes), 0)::float8 as used from plan_attachments where plan_id = $1',
    [planId],
  );
  return Number(rows[0]?.used ?? 0);
}

/** Ids of attachments still `processing` (after a restart, their jobs are queued again). */
export async function processingIds(db: Queryable): Promise<string[]> {
  return (
    await db.query<{ id: string }>(`select id from plan_attachments where state = 'processing' order by created_at`)
  ).rows.map((r) => r.id);
}

export async function markReady(
  db: Queryable,
  id: string,
  r: {
    width: number | null;
    height: number | null;
    pageCount: number | null;
    placeholder: string | null;
    dominantColor: string | null;
    variants: StoredVariant[];
    publicHash?: string | null;
    /** A message key when something is missing although the file is served (a PDF without preview). */
    failureKey?: string | null;
  },
): Promise<void> {
  await db.query(
    `update plan_attachments set state = 'ready', failure_key = $9, width = $2, height = $3, page_count = $4,
       placeholder = $5, dominant_color = $6, variants = $7::jsonb, public_hash = $8, updated_at = now()
     where id = $1`,
    [
      id,
      r.width,
      r.height,
      r.pageCount,
      r.placeholder,
      r.dominantColor,
      JSON.stringify(r.variants),
      r.publicHash ?? null,
      r.failureKey ?? null,
    ],
  );
}

export async function markFailed(db: Queryable, id: string, failureKey: string): Promise<void> {
  await db.query(`update plan_attachments set state = 'failed', failure_key = $2, updated_at = now() where id = $1`, [
    id,
    failureKey,
  ]);
}

/** Removes the row; returns whether there was one. */
export async function deleteAttachment(db: Queryable, planId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from plan_attachments where plan_id = $1 and id = $2 returning id', [planId, id]);
  return rows.length > 0;
}

/** Sets "Im Programm zeigen" on an image; returns whether the attachment exists. */
export async function setPublic(db: Queryable, planId: string, id: string, isPublic: boolean): Promise<boolean> {
  const { rows } = await db.query(
    'update plan_attachments set is_public = $3, updated_at = now() where plan_id = $1 and id = $2 returning id',
    [planId, id, isPublic],
  );
  return rows.length > 0;
}

/** The served variants of a public plan image by its hash: public, ready, and its plan published and not deleted. */
export async function publicAttachmentVariants(db: Queryable, hash: string): Promise<StoredVariant[] | undefined> {
  const { rows } = await db.query<{ variants: StoredVariant[] }>(
    `select a.variants from plan_attachments a join plans p on p.id = a.plan_id
      where a.public_hash = $1 and a.is_public and a.state = 'ready' and a.purpose = 'material'
        and p.status = 'published' and p.deleted_at is null
      limit 1`,
    [hash],
  );
  return rows[0]?.variants;
}

/** The first public image of each published plan (oldest first): for public event pages. */
export async function firstPublicImages(db: Queryable, planIds: string[]): Promise<(AttachmentRow & { plan_title: string })[]> {
  if (!planIds.length) return [];
  return (
    await db.query<AttachmentRow & { plan_title: string }>(
      `select distinct on (a.plan_id) p.title as plan_title, ${COLUMNS}
        where a.plan_id = any($1) and a.is_public and a.state = 'ready' and a.public_hash is not null
          and a.purpose = 'material' and p.status = 'published' and p.deleted_at is null
        order by a.plan_id, a.created_at, a.id`,
      [planIds],
    )
  ).rows;
}

/** Removes the images of a comment; returns their ids. */
export async function deleteCommentImages(db: Queryable, planId: string, commentId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `delete from plan_attachments where plan_id = $1 and comment_id = $2 and purpose = 'comment' returning id`,
    [planId, commentId],
  );
  return rows.map((r) => r.id);
}

/** Images uploaded for a comment but never attached to one, older than `olderThanMs`: removed; returns (plan_id, id). */
export async function deleteUnattachedCommentImages(
  db: Queryable,
  olderThanMs: number,
): Promise<{ plan_id: string; id: string }[]> {
  const { rows } = await db.query<{ plan_id: string; id: string }>(
    `delete from plan_attachments
      where purpose = 'comment' and comment_id is null and created_at < now() - make_interval(secs => $1::float8 / 1000)
      returning plan_id, id`,
    [olderThanMs],
  );
  return rows;
}
