import { randomUUID } from 'node:crypto';
import { cmPerPxOf, type Underlay, type UnderlayCalibrationPatch } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import type { BlobStore } from '../../platform/blobs/index.ts';
import type { UploadLimits } from '../../platform/config.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import { JobQueue } from '../media/queue.ts';
import { cleanName, FILE_FIELD, receiveUpload, type IncomingFile } from '../media/receive.ts';
import { heicSupported } from '../media/pipeline.ts';
import { acceptedImage, renderUnderlay } from './image.ts';
import * as repo from './repo.ts';

/** The multipart field the file comes in (as for plan attachments). */
export { FILE_FIELD };
const MB = 1024 * 1024;

const prefixOf = (storefrontId: string, id: string) => `storefronts/${storefrontId}/underlay/${id}/`;
const uploadKey = (storefrontId: string, id: string) => `${prefixOf(storefrontId, id)}upload`;

interface Logger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

function toDto(r: repo.UnderlayRow): Underlay {
  const scale =
    r.p1_x !== null && r.p1_y !== null && r.p2_x !== null && r.p2_y !== null && r.distance_cm !== null
      ? { p1: { x: r.p1_x, y: r.p1_y }, p2: { x: r.p2_x, y: r.p2_y }, distanceCm: r.distance_cm }
      : null;
  return {
    id: r.id,
    storefrontId: r.storefront_id,
    state: r.state,
    failureKey: r.failure_key,
    contentType: r.content_type,
    fileName: r.file_name,
    bytes: Number(r.size_bytes),
    width: r.width,
    height: r.height,
    imageUrl: r.state === 'ready' && r.image_key ? `/api/storefronts/${r.storefront_id}/underlay/${r.id}/image` : null,
    calibration: {
      scale,
      cmPerPx: scale ? cmPerPxOf(scale) : null,
      rotationDeg: r.rotation_deg,
      offsetXCm: r.offset_x_cm,
      offsetYCm: r.offset_y_cm,
      opacity: r.opacity,
    },
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * The floor-plan underlay of a storefront (issue 17): one current image per storefront, uploaded
 * (streamed into the BlobStore once its type is decided by content), processed off the request path
 * ({@link JobQueue}), calibrated, replaced or removed. Every change is told to the storefront's open
 * pages through `changed` (after the commit).
 */
export class UnderlayService {
  readonly queue: JobQueue;

  constructor(
    private readonly db: Database,
    readonly blobs: BlobStore,
    readonly limits: UploadLimits,
    private readonly log: Logger,
    private readonly changed: (storefrontId: string, underlay: Underlay | null) => Promise<void> | void = () => {},
  ) {
    this.queue = new JobQueue((err) => this.log.error({ err }, 'underlay job failed'));
  }

  async get(storefrontId: string): Promise<Underlay | null> {
    const row = await repo.underlayOf(this.db, storefrontId);
    return row ? toDto(row) : null;
  }

  private async tell(storefrontId: string): Promise<Underlay | null> {
    const now = await this.get(storefrontId);
    try {
      await this.changed(storefrontId, now);
    } catch (err) {
      this.log.error({ err, storefrontId }, 'underlay: telling the open pages failed');
    }
    return now;
  }

  /** Whether a request of `declaredBytes` cannot fit the per-file limit however it is split. */
  tooLargeUpfront(declaredBytes: number): boolean {
    return declaredBytes > this.limits.maxFileBytes + 64 * 1024;
  }

  tooLarge(): AppError {
    return new AppError('PAYLOAD_TOO_LARGE', 'media.fileTooLarge', {
      field: FILE_FIELD,
      limitMb: Math.round((this.limits.maxFileBytes / MB) * 100) / 100,
    });
  }

  /**
   * Stores an upload as the storefront's new underlay (the old one and its files go once the new one is
   * recorded). JPEG, PNG, WebP, AVIF by content, PDF only where a page can be rendered; anything else
   * is a 415 and past the per-file limit a 413, with nothing stored. The stream is always read to its end.
   */
  async upload(storefrontId: string, uploadedBy: string | null, file: IncomingFile): Promise<Underlay> {
    const id = randomUUID();
    const heic = await heicSupported();
    // The media capability's streamed receive: type by content, the per-file limit, nothing kept on failure.
    const { type, blob } = await receiveUpload(this.blobs, file, {
      limit: this.limits.maxFileBytes,
      tooLarge: () => this.tooLarge(),
      kinds: ['image', 'pdf'],
      accepts: (t) => t === 'application/pdf' || acceptedImage(t, heic),
      unsupportedKey: 'underlay.unsupportedType',
      keyFor: () => uploadKey(storefrontId, id),
    });

    let result: { replaced: string | null } | undefined;
    try {
      result = await this.db.transaction((tx) =>
        repo.replaceUnderlay(tx, {
          id,
          storefrontId,
          contentType: type,
          fileName: cleanName(file.fileName, 'grundriss'),
          bytes: blob.size,
          uploadedBy,
        }),
      );
    } finally {
      if (!result) await this.blobs.deletePrefix(prefixOf(storefrontId, id)).catch(() => {});
    }
    if (!result) throw new AppError('NOT_FOUND', 'storefront.notFound');
    if (result.replaced) await this.deleteFiles(storefrontId, result.replaced);
    this.queue.push(() => this.process(id));
    const now = await this.tell(storefrontId);
    if (!now) throw new AppError('NOT_FOUND', 'underlay.notFound');
    return now;
  }

  /** The job of one upload: render the served image, then `ready`; on failure `failed`. */
  async process(id: string): Promise<void> {
    const row = await repo.underlayById(this.db, id);
    if (row?.state !== 'processing') return;
    const sid = row.storefront_id;
    try {
      const input = await this.read(uploadKey(sid, id));
      const img = await renderUnderlay(input, row.content_type);
      const key = `${prefixOf(sid, id)}image.webp`;
      await this.blobs.put(key, img.data, { contentType: img.contentType });
      const ready = await repo.markReady(this.db, id, {
        key,
        contentType: img.contentType,
        bytes: img.data.length,
        width: img.width,
        height: img.height,
      });
      if (!ready) {
        // Replaced or removed meanwhile: its files go too (the replacement deleted what existed then).
        // Still there: another instance finished the same job first (both resumed it); keep its image.
        if (!(await repo.underlayById(this.db, id))) await this.deleteFiles(sid, id);
        return;
      }
      // The upload may carry EXIF with GPS: once the clean image exists, it is not kept.
      await this.blobs.delete(uploadKey(sid, id));
    } catch (err) {
      this.log.warn({ err, underlayId: id }, 'underlay processing failed');
      await repo.markFailed(this.db, id, 'underlay.processingFailed');
    }
    await this.tell(sid);
  }

  private async read(key: string): Promise<Buffer> {
    const blob = await this.blobs.get(key);
    if (!blob) throw new Error(`blob ${key} is missing`);
    const chunks: Buffer[] = [];
    for await (const c of blob.body) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks);
  }

  /**
   * Changes the calibration. Points must lie on the image (known once it is processed: 409 before);
   * rotation, offset and opacity may change any time.
   */
  async calibrate(storefrontId: string, patch: UnderlayCalibrationPatch): Promise<Underlay> {
    const row = await repo.underlayOf(this.db, storefrontId);
    if (!row) throw new AppError('NOT_FOUND', 'underlay.notFound');
    if (patch.scale) {
      if (row.state !== 'ready' || row.width === null || row.height === null)
        throw new AppError('CONFLICT', 'underlay.processing');
      const fields: FieldProblem[] = [];
      for (const name of ['p1', 'p2'] as const) {
        const p = patch.scale[name];
        if (p.x > row.width)
          fields.push({
            path: `scale.${name}.x`,
            key: 'underlay.pointOutside',
            params: { maximum: row.width },
            message: 'outside the image',
          });
        if (p.y > row.height)
          fields.push({
            path: `scale.${name}.y`,
            key: 'underlay.pointOutside',
            params: { maximum: row.height },
            message: 'outside the image',
          });
      }
      if (fields.length) throw new AppError('VALIDATION', 'error.validation', undefined, fields);
    }
    if (!(await repo.updateCalibration(this.db, row.id, patch))) throw new AppError('NOT_FOUND', 'underlay.notFound');
    const now = await this.tell(storefrontId);
    if (!now) throw new AppError('NOT_FOUND', 'underlay.notFound');
    return now;
  }

  /** The served image of the current underlay `underlayId` (404 for a replaced one, 409 while processing). */
  async imageOf(storefrontId: string, underlayId: string) {
    const row = await repo.underlayOf(this.db, storefrontId);
    if (!row || row.id !== underlayId) throw new AppError('NOT_FOUND', 'underlay.notFound');
    if (row.state === 'processing') throw new AppError('CONFLICT', 'underlay.processing');
    if (row.state === 'failed' || !row.image_key) throw new AppError('NOT_FOUND', 'underlay.processingFailed');
    const blob = await this.blobs.get(row.image_key);
    if (!blob) throw new AppError('NOT_FOUND', 'underlay.notFound');
    // An underlay's image never changes under its URL (a new upload is a new id).
    return { blob, contentType: row.image_type ?? 'image/webp', etag: `"${row.id}-${row.image_bytes}"`, fileName: row.file_name };
  }

  /** Removes the underlay and its files. */
  async remove(storefrontId: string): Promise<void> {
    const id = await repo.deleteUnderlay(this.db, storefrontId);
    if (!id) throw new AppError('NOT_FOUND', 'underlay.notFound');
    await this.deleteFiles(storefrontId, id);
    await this.tell(storefrontId);
  }

  private async deleteFiles(storefrontId: string, id: string): Promise<void> {
    await this.blobs
      .deletePrefix(prefixOf(storefrontId, id))
      .catch((err) => this.log.error({ err, underlayId: id }, 'underlay: deleting old files failed'));
  }

  /** Queues the jobs of underlays left `processing` by a stopped instance. */
  async resume(): Promise<void> {
    for (const id of await repo.processingIds(this.db)) this.queue.push(() => this.process(id));
  }
}
