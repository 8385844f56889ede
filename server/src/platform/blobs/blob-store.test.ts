import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store.contract.ts';
import { LocalBlobStore } from './local-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';
import { startS3 } from './test-s3.ts';

/**
 * The BlobStore contract on local files (a temp folder) and on a real S3-compatible server: s3rver,
 * started in this process on a free port with its data in a temp folder, spoken to over HTTP by
 * `@aws-sdk/client-s3` exactly as a MinIO or AWS bucket would be.
 */
let dir: string;
let s3server: Awaited<ReturnType<typeof startS3>>;
let local: LocalBlobStore;
let s3: S3BlobStore;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'planner-blobs-'));
  local = new LocalBlobStore(dir);
  s3server = await startS3();
  s3 = new S3BlobStore(s3server.settings);
});

afterAll(async () => {
  await s3?.close();
  await s3server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('S3BlobStore.ensureBucket', () => {
  it('creates a missing bucket once, and leaves an existing one alone', async () => {
    const store = new S3BlobStore({ ...s3server.settings, bucket: `neu-${Date.now()}` });
    try {
      await expect(store.put('a/b', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow();
      expect(await store.ensureBucket()).toBe(true);
      expect(await store.ensureBucket()).toBe(false);
      await store.put('a/b', Buffer.from('x'), { contentType: 'text/plain' });
      expect(await store.head('a/b')).toMatchObject({ size: 1 });
    } finally {
      await store.close();
    }
  });
});

blobStoreContract('local files', () => local);
blobStoreContract('S3 (s3rver)', () => s3);
