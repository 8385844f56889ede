import { randomUUID } from 'node:crypto';
import type { Attachment, AttachmentList, AttachmentVariantName, PublicImage } from '@planner/shared';
import * as photosRepo from './photos-repo.ts';
import { publicImagesForPlans } from './public-images.ts';
import type { Database } from '../../platform/db/database.ts';
import type { BlobStore } from '../../platform/blobs/index.ts';
import type { UploadLimits } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { ACCEPTED, pdfPageCount, renderPdf } from './pipeline.ts';
import { publicFileName, publicUrl, publicVariant, readBlob, storeImage } from './store-image.ts';

export { publicImagesForPlans };
import { FILE_FIELD, cleanName, receiveUpload, type IncomingFile } from './receive.ts';

export { FILE_FIELD, type IncomingFile };
import { JobQueue } from './queue.ts';
import * as repo from './repo.ts';

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 100) / 100;

const prefixOf = (planId: string, id: string) => `plans/${planId}/attachments/${id}/`;
const uploadKey = (planId: string, id: string) => `${prefixOf(planId, id)}upload`;

interface Logger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

function toDto(row: repo.AttachmentRow): Attachment {
  const base = `/api/plans/${row.plan_id}/attachments/${row.id}/files/`;
  return {
    id: row.id,
    planId: row.plan_id,
    kind: row.kind,
    contentType: row.content_type,
    fileName: row.file_name,
    bytes: Number(row.size_bytes),
    state: row.state,
    failureKey: row.failure_key,
    width: row.width,
    height: row.height,
    pageCount: row.page_count,
    placeholder: row.placeholder,
    dominantColor: row.dominant_color,
    variants: (row.variants ?? []).map((v) => ({
      name: v.name as AttachmentVariantName,
      contentType: v.contentType,
      width: v.width,
      height: v.height,
      bytes: v.bytes,
      url: base + v.name,
    })),
    uploadedBy: row.uploaded_by,
    createdAt: new Date(row.created_at).toISOString(),
    public: row.is_public,
    publicUrl: publicUrlOf(row),
    purpose: row.purpose,
    commentId: row.comment_id,
  };
}

/** The public URL of a plan image while it is shown in the programme (public, ready, plan published). */
function publicUrlOf(row: repo.AttachmentRow): string | null {
  if (!row.is_public || !row.plan_published || row.state !== 'ready' || !row.public_hash) return null;
  const v = publicVariant(row.variants ?? []);
  return v ? publicUrl(row.public_hash, v) : null;
}

/**
 * Plan attachments (issue 17): uploads streamed into the BlobStore after their type was decided by
 * content, within the per-file and per-plan limits; image and PDF processing in a {@link JobQueue};
 * files read back only through the routes, which check the permission matrix.
 */
export class MediaService {
  readonly queue: JobQueue;

  constructor(
    private readonly db: Database,
    readonly blobs: BlobStore,
    readonly limits: UploadLimits,
    private readonly log: Logger,
    /** Tells the plan's open pages that its attachments changed (the plan room, every instance). */
    private readonly changed: (planId: string) => void = () => {},
  ) {
    this.queue = new JobQueue((err) => this.log.error({ err }, 'media job failed'));
  }

  async list(planId: string): Promise<AttachmentList> {
    const rows = await repo.attachmentsOf(this.db, planId);
    return {
      attachments: rows.map(toDto),
      usedBytes: rows.reduce((n, r) => n + Number(r.size_bytes), 0),
      limitBytes: this.limits.maxPlanBytes,
      maxFileBytes: this.limits.maxFileBytes,
    };
  }

  async get(planId: string, id: string): Promise<Attachment> {
    const row = await repo.attachmentRow(this.db, planId, id);
    if (!row) throw new AppError('NOT_FOUND', 'media.notFound');
    return toDto(row);
  }

  /** Whether a request of `declaredBytes` (Content-Length) cannot fit however it is split. */
  tooLargeUpfront(declaredBytes: number): boolean {
    // Multipart framing adds a few hundred bytes; allow generously for it.
    return declaredBytes > this.limits.maxFileBytes + 64 * 1024;
  }

  /**
   * Stores one upload. The first bytes decide the type (415 for anything but JPEG, PNG, WebP, AVIF,
   * PDF; HEIC only when sharp can convert it); past the per-file limit or the plan's remaining space
   * the upload is a 413 and nothing stays stored. The file stream is always read to its end.
   */
  async upload(
    planId: string,
    uploadedBy: string | null,
    file: IncomingFile,
    purpose: 'material' | 'comment' | 'handover' = 'material',
  ): Promise<Attachment> {
    const used = await repo.usedBytes(this.db, planId);
    const remaining = this.limits.maxPlanBytes - used;
    const limit = Math.min(this.limits.maxFileBytes, remaining);
    const tooLarge = () =>
      limit < this.limits.maxFileBytes
        ? new AppError('PAYLOAD_TOO_LARGE', 'media.planFull', { field: FILE_FIELD, limitMb: mb(this.limits.maxPlanBytes) })
        : new AppError('PAYLOAD_TOO_LARGE', 'media.fileTooLarge', { field: FILE_FIELD, limitMb: mb(this.limits.maxFileBytes) });

    const id = randomUUID();
    const { type, key, blob } = await receiveUpload(this.blobs, file, {
      limit,
      tooLarge,
      // Images in comments and handover photos (issue 18) are images only.
      kinds: purpose === 'material' ? ['image', 'pdf'] : ['image'],
      keyFor: (t) => (ACCEPTED[t] === 'pdf' ? `${prefixOf(planId, id)}original.pdf` : uploadKey(planId, id)),
    });
    const stored = { type, key };
    const row = {
      id,
      planId,
      kind: ACCEPTED[stored.type],
      contentType: stored.type,
      fileName: cleanName(file.fileName),
      bytes: blob.size,
      uploadedBy,
      purpose,
    };
    let inserted = false;
    try {
      // Checked again under the plan's lock: another upload may have taken the space meanwhile.
      inserted = await this.db.transaction((tx) => repo.insertWithinLimit(tx, row, this.limits.maxPlanBytes));
    } finally {
      if (!inserted) await this.blobs.delete(stored.key).catch(() => {});
    }
    if (!inserted) {
      throw new AppError('PAYLOAD_TOO_LARGE', 'media.planFull', { field: FILE_FIELD, limitMb: mb(this.limits.maxPlanBytes) });
    }
    this.queue.push(() => this.process(id));
    this.changed(planId);
    return this.get(planId, id);
  }

  /**
   * The job of one attachment: derive what is served, then `ready`; on failure `failed`, the upload kept.
   * A PDF gets its page count and its first page as an image (`preview` and the widths); when only the
   * rendering fails, the PDF is still served and `failureKey` says that the preview is missing.
   */
  async process(id: string): Promise<void> {
    const row = await repo.attachmentById(this.db, id);
    if (row?.state !== 'processing') return;
    const prefix = prefixOf(row.plan_id, row.id);
    try {
      if (row.kind === 'pdf') {
        const key = `${prefix}original.pdf`;
        const data = await readBlob(this.blobs, key);
        const original: repo.StoredVariant = {
          name: 'original',
          contentType: 'application/pdf',
          width: null,
          height: null,
          bytes: data.length,
          key,
        };
        try {
          const page = await renderPdf(data);
          const img = await storeImage(this.blobs, prefix, page.png, 'image/png', 'preview');
          await repo.markReady(this.db, id, {
            width: img.width,
            height: img.height,
            pageCount: page.pageCount,
            placeholder: img.placeholder,
            dominantColor: img.dominantColor,
            variants: [original, ...img.variants],
            publicHash: img.hash,
          });
        } catch (err) {
          this.log.warn({ err, attachmentId: id }, 'pdf preview failed; the pdf is kept');
          const pageCount = await pdfPageCount(data).catch(() => null);
          await repo.markReady(this.db, id, {
            width: null,
            height: null,
            pageCount,
            placeholder: null,
            dominantColor: null,
            variants: [original],
            publicHash: null,
            failureKey: 'media.previewFailed',
          });
        }
        return;
      }
      const data = await readBlob(this.blobs, uploadKey(row.plan_id, row.id));
      const img = await storeImage(this.blobs, prefix, data, row.content_type);
      await repo.markReady(this.db, id, {
        width: img.width,
        height: img.height,
        pageCount: null,
        placeholder: img.placeholder,
        dominantColor: img.dominantColor,
        variants: img.variants,
        publicHash: img.hash,
      });
      // The upload may carry EXIF with GPS: once the cleaned original exists, it is not kept.
      await this.blobs.delete(uploadKey(row.plan_id, row.id));
    } catch (err) {
      this.log.warn({ err, attachmentId: id }, 'media processing failed; the original is kept');
      await repo.markFailed(this.db, id, 'media.processingFailed');
    } finally {
      this.changed(row.plan_id);
    }
  }

  /** One served file of an attachment, described: only what processing produced (never the raw upload). */
  async fileOf(planId: string, id: string, variant: AttachmentVariantName) {
    const row = await repo.attachmentRow(this.db, planId, id);
    if (!row) throw new AppError('NOT_FOUND', 'media.notFound');
    const v = (row.variants ?? []).find((x) => x.name === variant);
    if (!v) {
      if (row.state === 'processing') throw new AppError('CONFLICT', 'media.processing');
      throw new AppError('NOT_FOUND', row.state === 'failed' ? 'media.processingFailed' : 'media.variantMissing');
    }
    // A file never changes under its URL (a new upload is a new attachment): its name, size and id tag it.
    return { variant: v, fileName: row.file_name, etag: `"${row.id}-${v.name}-${v.bytes}"` };
  }

  /** The bytes of a file described by {@link fileOf}. */
  async openFile(variant: repo.StoredVariant) {
    const blob = await this.blobs.get(variant.key);
    if (!blob) throw new AppError('NOT_FOUND', 'media.notFound');
    return blob;
  }

  /** "Im Programm zeigen" on or off (images and PDF previews only). */
  async setPublic(planId: string, id: string, isPublic: boolean): Promise<Attachment> {
    const row = await repo.attachmentRow(this.db, planId, id);
    if (!row) throw new AppError('NOT_FOUND', 'media.notFound');
    if (row.purpose !== 'material') throw new AppError('CONFLICT', 'media.notPublishable');
    if (!(await repo.setPublic(this.db, planId, id, isPublic))) throw new AppError('NOT_FOUND', 'media.notFound');
    this.changed(planId);
    return this.get(planId, id);
  }

  /**
   * The first image of each plan that public pages may show: its first public plan image (while the
   * plan is published), else the first public photo of its storefront. Plans without either are absent.
   */
  async publicImagesForPlans(planIds: string[]): Promise<Map<string, PublicImage>> {
    return publicImagesForPlans(this.db, planIds);
  }

  /** A public file by content hash and file name (`w960.webp`), or null when nothing public has it (any more). */
  async publicFile(hash: string, file: string): Promise<repo.StoredVariant | null> {
    const variants =
      (await repo.publicAttachmentVariants(this.db, hash)) ?? (await photosRepo.publicPhotoVariants(this.db, hash));
    return variants?.find((v) => publicFileName(v) === file) ?? null;
  }

  /** Deletes the attachment and every blob under it. */
  async remove(planId: string, id: string): Promise<void> {
    // A handover photo (issue 18) is part of a protocol that may be confirmed: only the protocol removes it.
    const row = await repo.attachmentRow(this.db, planId, id);
    if (row?.purpose === 'handover') throw new AppError('CONFLICT', 'handover.photoViaProtocol');
    if (!(await repo.deleteAttachment(this.db, planId, id))) throw new AppError('NOT_FOUND', 'media.notFound');
    this.changed(planId);
    await this.blobs.deletePrefix(prefixOf(planId, id));
  }

  /** Deletes a handover photo's attachment row and its blobs (the protocol decided it may go). */
  async removeHandoverPhoto(planId: string, id: string): Promise<void> {
    if (!(await repo.deleteAttachment(this.db, planId, id))) throw new AppError('NOT_FOUND', 'media.notFound');
    this.changed(planId);
    await this.blobs.deletePrefix(prefixOf(planId, id));
  }

  /** Deletes the images of a deleted comment: their rows and every blob under them. */
  async removeCommentImages(planId: string, commentId: string): Promise<void> {
    const ids = await repo.deleteCommentImages(this.db, planId, commentId);
    if (!ids.length) return;
    this.changed(planId);
    for (const id of ids) await this.blobs.deletePrefix(prefixOf(planId, id));
  }

  /**
   * Removes images uploaded for a comment that was never written (the composer was left), a day after
   * their upload; run by the housekeeping purge. Returns how many.
   */
  async purgeUnattachedCommentImages(olderThanMs = 86_400_000): Promise<number> {
    const gone = await repo.deleteUnattachedCommentImages(this.db, olderThanMs);
    for (const r of gone) await this.blobs.deletePrefix(prefixOf(r.plan_id, r.id));
    return gone.length;
  }

  /** Deletes every blob of a plan's attachments (when the plan is purged for good). */
  async purgePlan(planId: string): Promise<void> {
    await this.blobs.deletePrefix(`plans/${planId}/`);
  }

  /** Queues the jobs of attachments left `processing` by a stopped instance. */
  async resume(): Promise<void> {
    for (const id of await repo.processingIds(this.db)) this.queue.push(() => this.process(id));
  }
}
