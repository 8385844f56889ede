import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Attachment, AttachmentList, AttachmentVariantName } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import type { BlobMeta, BlobStore } from '../../platform/blobs/index.ts';
import type { UploadLimits } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import { ACCEPTED, extensionOf, heicSupported, pdfPageCount, processImage, type AcceptedType } from './pipeline.ts';
import { JobQueue } from './queue.ts';
import * as repo from './repo.ts';

/** The multipart field an upload's file comes in. */
export const FILE_FIELD = 'file';

/** Bytes file-type reads to decide a type (its reasonable detection size). */
const SNIFF_BYTES = 4100;

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 100) / 100;

const prefixOf = (planId: string, id: string) => `plans/${planId}/attachments/${id}/`;
const uploadKey = (planId: string, id: string) => `${prefixOf(planId, id)}upload`;

export interface IncomingFile {
  /** The file's bytes as they arrive (the multipart part's stream). */
  stream: Readable & { truncated?: boolean };
  fileName: string;
}

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
  };
}

/** A file name as shown: the base name, without control characters or lone surrogates, at most 200 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return c >= 0x20 && c !== 0x7f && !(c >= 0xd800 && c <= 0xdfff);
    })
    .join('')
    .trim()
    .slice(0, 200);
  return clean || 'datei';
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
  async upload(planId: string, uploadedBy: string | null, file: IncomingFile): Promise<Attachment> {
    const used = await repo.usedBytes(this.db, planId);
    const remaining = this.limits.maxPlanBytes - used;
    const limit = Math.min(this.limits.maxFileBytes, remaining);
    const tooLarge = () =>
      limit < this.limits.maxFileBytes
        ? new AppError('PAYLOAD_TOO_LARGE', 'media.planFull', { field: FILE_FIELD, limitMb: mb(this.limits.maxPlanBytes) })
        : new AppError('PAYLOAD_TOO_LARGE', 'media.fileTooLarge', { field: FILE_FIELD, limitMb: mb(this.limits.maxFileBytes) });

    const id = randomUUID();
    let failure: AppError | Error | null = limit <= 0 ? tooLarge() : null;
    // Set once the type is decided: the blob's key and its put, which reads from `sink`.
    const stored: { type: AcceptedType | null; key: string; put: Promise<BlobMeta> | null } = { type: null, key: '', put: null };
    const sink = new PassThrough();
    // Its failure reaches the store's put (which cleans up); without a put it has no reader.
    sink.on('error', () => {});
    const head: Buffer[] = [];
    let headBytes = 0;
    let total = 0;

    const decide = async () => {
      const sample = Buffer.concat(head);
      const found = await fileTypeFromBuffer(sample);
      const mime = found?.mime ?? 'unbekannt';
      if (!found || !(found.mime in ACCEPTED)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'media.unsupportedType', { field: FILE_FIELD, found: mime });
      }
      if ((found.mime === 'image/heic' || found.mime === 'image/heif') && !heicSupported()) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'media.heicUnsupported', { field: FILE_FIELD });
      }
      const type = found.mime as AcceptedType;
      stored.type = type;
      stored.key = ACCEPTED[type] === 'pdf' ? `${prefixOf(planId, id)}original.pdf` : uploadKey(planId, id);
      stored.put = this.blobs.put(stored.key, sink, { contentType: type });
      // Its failure is read below; until then it must not count as unhandled.
      stored.put.catch(() => {});
      await write(sample);
    };
    const write = (chunk: Buffer) =>
      new Promise<void>((resolve, reject) => {
        sink.write(chunk, (err) => (err ? reject(err) : resolve()));
      });

    for await (const raw of file.stream) {
      if (failure) continue; // drain: the request is read to its end, nothing more is kept
      const chunk = raw as Buffer;
      total += chunk.length;
      try {
        if (total > limit) throw tooLarge();
        if (!stored.type) {
          head.push(chunk);
          headBytes += chunk.length;
          if (headBytes >= SNIFF_BYTES) await decide();
        } else {
          await write(chunk);
        }
      } catch (err) {
        failure = err as Error;
      }
    }
    if (!failure && file.stream.truncated) failure = tooLarge();
    if (!failure && !stored.type) {
      if (total === 0) failure = new AppError('VALIDATION', 'media.fileMissing', { field: FILE_FIELD });
      else await decide().catch((err: Error) => (failure = err));
    }
    if (failure) {
      sink.destroy(failure);
      if (stored.put !== null) await stored.put.catch(() => {});
      if (stored.key) await this.blobs.delete(stored.key).catch(() => {});
      throw failure;
    }
    if (stored.put === null || stored.type === null) throw new Error('upload: no type decided');
    sink.end();
    const blob = await stored.put;
    const row = {
      id,
      planId,
      kind: ACCEPTED[stored.type],
      contentType: stored.type,
      fileName: cleanName(file.fileName),
      bytes: blob.size,
      uploadedBy,
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

  /** The job of one attachment: derive what is served, then `ready`; on failure `failed`, the upload kept. */
  async process(id: string): Promise<void> {
    const row = await repo.attachmentById(this.db, id);
    if (row?.state !== 'processing') return;
    const prefix = prefixOf(row.plan_id, row.id);
    try {
      if (row.kind === 'pdf') {
        const key = `${prefix}original.pdf`;
        const data = await this.read(key);
        const pageCount = await pdfPageCount(data);
        await repo.markReady(this.db, id, {
          width: null,
          height: null,
          pageCount,
          placeholder: null,
          dominantColor: null,
          variants: [{ name: 'original', contentType: 'application/pdf', width: null, height: null, bytes: data.length, key }],
        });
        return;
      }
      const data = await this.read(uploadKey(row.plan_id, row.id));
      const out = await processImage(data, row.content_type);
      const variants: repo.StoredVariant[] = [];
      for (const img of [out.original, ...out.sizes]) {
        const key = `${prefix}${img.name}.${extensionOf(img.contentType)}`;
        await this.blobs.put(key, img.data, { contentType: img.contentType });
        variants.push({
          name: img.name,
          contentType: img.contentType,
          width: img.width,
          height: img.height,
          bytes: img.data.length,
          key,
        });
      }
      await repo.markReady(this.db, id, {
        width: out.width,
        height: out.height,
        pageCount: null,
        placeholder: out.placeholder,
        dominantColor: out.dominantColor,
        variants,
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

  private async read(key: string): Promise<Buffer> {
    const blob = await this.blobs.get(key);
    if (!blob) throw new Error(`blob ${key} is missing`);
    const chunks: Buffer[] = [];
    for await (const c of blob.body) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks);
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

  /** Deletes the attachment and every blob under it. */
  async remove(planId: string, id: string): Promise<void> {
    if (!(await repo.deleteAttachment(this.db, planId, id))) throw new AppError('NOT_FOUND', 'media.notFound');
    this.changed(planId);
    await this.blobs.deletePrefix(prefixOf(planId, id));
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
