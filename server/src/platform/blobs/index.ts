import { LocalBlobStore } from './local-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';
import type { BlobStore } from './blob-store.ts';
import type { BlobSettings } from './settings.ts';

export type { BlobMeta, BlobStore } from './blob-store.ts';
export { LocalBlobStore } from './local-blob-store.ts';
export { S3BlobStore, type S3Settings } from './s3-blob-store.ts';
export { describeBlobs, parseBlobSettings, type BlobSettings } from './settings.ts';

/** The store the settings name. */
export function openBlobStore(settings: BlobSettings): BlobStore {
  return settings.kind === 'local' ? new LocalBlobStore(settings.dir) : new S3BlobStore(settings);
}
