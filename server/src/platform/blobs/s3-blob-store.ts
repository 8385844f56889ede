import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { checkKey, checkPrefix, type BlobMeta, type BlobStore } from './blob-store.ts';

/** Where the S3-compatible store is (S3_* settings, parsed by config.ts). */
export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (`endpoint/bucket/key`), as MinIO and s3rver want (S3_FORCE_PATH_STYLE, default true). */
  forcePathStyle: boolean;
}

const notFound = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound');

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, s3rver …) through `@aws-sdk/client-s3`. Puts are
 * streamed with `@aws-sdk/lib-storage`'s managed upload: parts of 5 MiB at most are held in memory, and
 * a body stream that fails aborts the upload, so nothing is left in the bucket.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Checksums on every request are AWS's newer default; S3-compatible servers may not know them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /**
   * Creates the bucket when it does not exist (a fresh MinIO in docker-compose); returns whether it
   * did. Where the keys may not create buckets (AWS with a narrow policy), create it beforehand.
   */
  async ensureBucket(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return false;
    } catch (err) {
      if (!notFound(err)) throw err;
    }
    await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    return true;
  }

  async put(key: string, body: Readable | Buffer, opts: { contentType: string }): Promise<BlobMeta> {
    checkKey(key);
    let failure: unknown;
    // A failing body stream must fail the upload (lib-storage reads it as an async iterable).
    if (!Buffer.isBuffer(body)) body.once('error', (err) => (failure = err));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: opts.contentType },
      queueSize: 1,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      throw failure ?? err;
    }
    if (failure) {
      await this.delete(key);
      throw failure;
    }
    const meta = await this.head(key);
    if (!meta) throw new Error(`blob ${key} missing right after its upload`);
    return meta;
  }

  async head(key: string): Promise<BlobMeta | null> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return { key, size: Number(res.ContentLength ?? 0), contentType: res.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  }

  async get(key: string): Promise<{ body: Readable; meta: BlobMeta } | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      const body = res.Body as Readable;
      return {
        body,
        meta: { key, size: Number(res.ContentLength ?? 0), contentType: res.ContentType ?? 'application/octet-stream' },
      };
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }

  async list(prefix: string): Promise<BlobMeta[]> {
    checkPrefix(prefix);
    const out: BlobMeta[] = [];
    let token: string | undefined;
    do {
      const res = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of res.Contents ?? []) {
        if (!o.Key) continue;
        // Listings carry no content type; ask for it only when someone needs it (head).
        out.push({ key: o.Key, size: Number(o.Size ?? 0), contentType: '' });
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return Promise.all(out.map(async (m) => ({ ...m, contentType: (await this.head(m.key))?.contentType ?? '' })));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const blobs = await this.list(prefix);
    for (let i = 0; i < blobs.length; i += 1000) {
      const batch = blobs.slice(i, i + 1000);
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((b) => ({ Key: b.key })), Quiet: true },
        }),
      );
    }
    return blobs.length;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
