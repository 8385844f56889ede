import { randomUUID } from 'node:crypto';
import type { PhotoKind, StorefrontPhoto, StorefrontPhotoList, StorefrontPhotoPatch } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import type { BlobStore } from '../../platform/blobs/index.ts';
import type { UploadLimits } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from './queue.ts';
import { FILE_FIELD, cleanName, receiveUpload, type IncomingFile } from './receive.ts';
import { publicUrl, publicVariant, readBlob, storeImage } from './store-image.ts';
import * as repo from './photos-repo.ts';

const prefixOf = (storefrontId: string, id: string) => `storefronts/${storefrontId}/photos/${id}/`;
const uploadKey = (storefrontId: string, id: string) => `${prefixOf(storefrontId, id)}upload`;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

function toDto(row: repo.PhotoRow): StorefrontPhoto {
  const base = `/api/storefronts/${row.storefront_id}/photos/${row.id}/files/`;
  const pv = row.is_public && row.state === 'ready' && row.public_hash ? publicVariant(row.variants ?? []) : undefined;
  return {
    id: row.id,
    storefrontId: row.storefront_id,
    kind: row.kind,
    caption: row.caption,
    position: row.position,
    public: row.is_public,
    publicUrl: pv && row.public_hash ? publicUrl(row.public_hash, pv) : null,
    contentType: row.content_type,
    fileName: row.file_name,
    bytes: Number(row.size_bytes),
    state: row.state,
    failureKey: row.failure_key,
    width: row.width,
    height: row.height,
    placeholder: row.placeholder,
    dominantColor: row.dominant_color,
    variants: (row.variants ?? []).map((v) => ({
      name: v.name as StorefrontPhoto['variants'][number]['name'],
      contentType: v.contentType,
      width: v.width,
      height: v.height,
      bytes: v.bytes,
      url: base + v.name,
    })),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

interface Logger {
  warn(obj: object, msg: string): void;
}

/**
 * Storefront photos (issue 17): uploads through the same streamed, content-checked path and image
 * pipeline as plan attachments (images only, per-file limit), processed in the media queue. Private
 * unless made public; public ones are served by content hash (see MediaService.publicFile).
 */
export class StorefrontPhotoService {
  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
    private readonly limits: UploadLimits,
    private readonly queue: JobQueue,
    private readonly log: Logger,
    /** Tells open storefront pages that its photos changed. */
    private readonly changed: (storefrontId: string) => void = () => {},
  ) {}

  async list(storefrontId: string, opts: { all: boolean; canManage: boolean }): Promise<StorefrontPhotoList> {
    const rows = await repo.photosOf(this.db, storefrontId, !opts.all);
    return { photos: rows.map(toDto), canManage: opts.canManage };
  }

  async get(storefrontId: string, id: string): Promise<StorefrontPhoto> {
    const row = await repo.photoRow(this.db, storefrontId, id);
    if (!row) throw new AppError('NOT_FOUND', 'media.notFound');
    return toDto(row);
  }

  async upload(storefrontId: string, uploadedBy: string | null, kind: PhotoKind, file: IncomingFile): Promise<StorefrontPhoto> {
    const id = randomUUID();
    const { type, blob } = await receiveUpload(this.blobs, file, {
      limit: this.limits.maxFileBytes,
      tooLarge: () =>
        new AppError('PAYLOAD_TOO_LARGE', 'media.fileTooLarge', { field: FILE_FIELD, limitMb: mb(this.limits.maxFileBytes) }),
      kinds: ['image'],
      keyFor: () => uploadKey(storefrontId, id),
    });
    try {
      await repo.insertPhoto(this.db, {
        id,
        storefrontId,
        kind,
        contentType: type,
        fileName: cleanName(file.fileName),
        bytes: blob.size,
        uploadedBy,
      });
    } catch (err) {
      await this.blobs.delete(uploadKey(storefrontId, id)).catch(() => {});
      throw err;
    }
    this.queue.push(() => this.process(id));
    this.changed(storefrontId);
    return this.get(storefrontId, id);
  }

  async process(id: string): Promise<void> {
    const row = await repo.photoById(this.db, id);
    if (row?.state !== 'processing') return;
    try {
      const data = await readBlob(this.blobs, uploadKey(row.storefront_id, id));
      const img = await storeImage(this.blobs, prefixOf(row.storefront_id, id), data, row.content_type);
      await repo.markPhotoReady(this.db, id, { ...img, publicHash: img.hash });
      // The upload may carry EXIF with GPS: once the cleaned original exists, it is not kept.
      await this.blobs.delete(uploadKey(row.storefront_id, id));
    } catch (err) {
      this.log.warn({ err, photoId: id }, 'storefront photo processing failed; the original is kept');
      await repo.markPhotoFailed(this.db, id, 'media.processingFailed');
    } finally {
      this.changed(row.storefront_id);
    }
  }

  async update(storefrontId: string, id: string, patch: StorefrontPhotoPatch): Promise<StorefrontPhoto> {
    if (!(await repo.updatePhoto(this.db, storefrontId, id, patch))) throw new AppError('NOT_FOUND', 'media.notFound');
    this.changed(storefrontId);
    return this.get(storefrontId, id);
  }

  async reorder(storefrontId: string, ids: string[]): Promise<void> {
    const ok = await this.db.transaction((tx) => repo.reorder(tx, storefrontId, ids));
    if (!ok) {
      throw new AppError('VALIDATION', 'error.validation', undefined, [
        { path: 'ids', key: 'field.invalidValue', message: 'must list every photo of the storefront once' },
      ]);
    }
    this.changed(storefrontId);
  }

  /** One served file of a photo (never the raw upload). */
  async fileOf(storefrontId: string, id: string, variant: string) {
    const row = await repo.photoRow(this.db, storefrontId, id);
    if (!row) throw new AppError('NOT_FOUND', 'media.notFound');
    const v = (row.variants ?? []).find((x) => x.name === variant);
    if (!v) {
      if (row.state === 'processing') throw new AppError('CONFLICT', 'media.processing');
      throw new AppError('NOT_FOUND', row.state === 'failed' ? 'media.processingFailed' : 'media.variantMissing');
    }
    return { variant: v, fileName: row.file_name, etag: `"${row.id}-${v.name}-${v.bytes}"` };
  }

  async remove(storefrontId: string, id: string): Promise<void> {
    if (!(await repo.deletePhoto(this.db, storefrontId, id))) throw new AppError('NOT_FOUND', 'media.notFound');
    this.changed(storefrontId);
    await this.blobs.deletePrefix(prefixOf(storefrontId, id));
  }

  /**
   * Deletes the photo files of storefronts that are gone for good (their rows went with the storefront's
   * row); run by the housekeeping purge. Returns the storefront ids whose files were removed.
   */
  async purgeGone(): Promise<string[]> {
    const ids = new Set((await this.blobs.list('storefronts/')).map((b) => b.key.split('/')[1]).filter(Boolean));
    const gone: string[] = [];
    for (const id of ids) {
      if (await repo.storefrontExists(this.db, id)) continue;
      await this.blobs.deletePrefix(`storefronts/${id}/`);
      gone.push(id);
    }
    return gone;
  }

  async resume(): Promise<void> {
    for (const id of await repo.processingPhotoIds(this.db)) this.queue.push(() => this.process(id));
  }
}
