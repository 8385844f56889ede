import type { Readable } from 'node:stream';

/**
 * Where uploaded files and their derived sizes live (issue 17): one interface, two implementations —
 * local files under `DATA_DIR/blobs` (the embedded default, {@link LocalBlobStore}) and S3-compatible
 * object storage when `S3_*` is configured ({@link S3BlobStore}). One contract suite
 * (blob-store.contract.ts) runs on both.
 *
 * Keys are `/`-separated paths of `[A-Za-z0-9._-]` segments (no `.`/`..` segments), e.g.
 * `plans/<planId>/attachments/<id>/w960.webp`. Blobs are private: nothing here serves them; the app
 * reads them through routes that check the permission matrix.
 */
export interface BlobMeta {
  key: string;
  /** Bytes. */
  size: number;
  contentType: string;
}

export interface BlobStore {
  /** `local` or `s3`, for the start-up log and `/api/health`-style descriptions. */
  readonly kind: 'local' | 's3';
  /**
   * Stores `body` under `key` (replacing it), streamed: the store never holds the whole body in memory.
   * When the body stream fails (e.g. a size limit cut it), nothing is left stored and the error is
   * thrown again.
   */
  put(key: string, body: Readable | Buffer, opts: { contentType: string }): Promise<BlobMeta>;
  /** The blob as a stream with its metadata, or null when there is none. */
  get(key: string): Promise<{ body: Readable; meta: BlobMeta } | null>;
  /** The blob's metadata, or null. */
  head(key: string): Promise<BlobMeta | null>;
  /** Removes the blob; removing a missing one is no error. */
  delete(key: string): Promise<void>;
  /** Every blob whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<BlobMeta[]>;
  /** Removes every blob whose key starts with `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** Releases connections. */
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Throws for a key that is not a safe relative path (see {@link BlobStore}). */
export function checkKey(key: string): string {
  const parts = key.split('/');
  if (key.length > 512 || !parts.every((p) => SEGMENT.test(p) && p !== '.' && p !== '..')) {
    throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  }
  return key;
}

/** A prefix is a key, or a key followed by `/`. */
export function checkPrefix(prefix: string): string {
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
