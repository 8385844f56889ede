import { LocalBlobStore } from './local-blob-store.ts';
import type { BlobStore } from './blob-store.ts';
import type { BlobSettings } from './settings.ts';

export type { BlobMeta, BlobStore } from './blob-store.ts';
export { LocalBlobStore } from './local-blob-store.ts';
export type { S3Settings } from './s3-blob-store.ts';
export { describeBlobs, parseBlobSettings, type BlobSettings } from './settings.ts';

/** The store the settings name. The AWS SDK loads only when S3 is configured (issue 19: not at every start). */
export async function openBlobStore(settings: BlobSettings): Promise<BlobStore> {
  if (settings.kind === 'local') return new LocalBlobStore(settings.dir);
  const { S3BlobStore } = await import('./s3-blob-store.ts');
  return new S3BlobStore(settings);
}
