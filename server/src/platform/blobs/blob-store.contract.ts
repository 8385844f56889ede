import { Readable } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.ts';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** A stream of `total` bytes in 64 KiB chunks that fails after `failAfter` bytes, when given. */
function chunked(data: Buffer, failAfter?: number): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && offset >= failAfter) {
        this.destroy(new Error('cut off'));
        return;
      }
      if (offset >= data.length) return void this.push(null);
      const end = Math.min(offset + 64 * 1024, data.length);
      this.push(data.subarray(offset, end));
      offset = end;
    },
  });
}

/**
 * The BlobStore contract (issue 17): every implementation passes the same suite. `open` gives a store
 * on an empty namespace; each test works under its own prefix.
 */
export function blobStoreContract(name: string, open: () => BlobStore) {
  describe(`BlobStore contract: ${name}`, () => {
    const prefix = () => `contract/${randomUUID()}`;

    it('puts a streamed body and gets the same bytes back with its metadata', async () => {
      const store = open();
      const key = `${prefix()}/big.bin`;
      const data = randomBytes(6 * 1024 * 1024 + 123); // past one 5 MiB part of a multipart upload
      const meta = await store.put(key, chunked(data), { contentType: 'image/webp' });
      expect(meta).toEqual({ key, size: data.length, contentType: 'image/webp' });
      const got = await store.get(key);
      expect(got?.meta).toEqual({ key, size: data.length, contentType: 'image/webp' });
      expect((await bytesOf(got!.body)).equals(data)).toBe(true);
    });

    it('puts a buffer, and a second put replaces the first', async () => {
      const store = open();
      const key = `${prefix()}/a.txt`;
      await store.put(key, Buffer.from('eins'), { contentType: 'text/plain' });
      await store.put(key, Buffer.from('zwei!'), { contentType: 'application/pdf' });
      expect(await store.head(key)).toEqual({ key, size: 5, contentType: 'application/pdf' });
      expect((await bytesOf((await store.get(key))!.body)).toString()).toBe('zwei!');
    });

    it('answers null for a missing blob, and deleting one is no error', async () => {
      const store = open();
      const key = `${prefix()}/missing.bin`;
      expect(await store.head(key)).toBeNull();
      expect(await store.get(key)).toBeNull();
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('deletes a blob', async () => {
      const store = open();
      const key = `${prefix()}/gone.bin`;
      await store.put(key, Buffer.from('x'), { contentType: 'application/octet-stream' });
      await store.delete(key);
      expect(await store.head(key)).toBeNull();
      expect(await store.get(key)).toBeNull();
    });

    it('lists by prefix, sorted, and deletes by prefix without touching neighbours', async () => {
      const store = open();
      const p = prefix();
      for (const k of ['att/2/w320.webp', 'att/1/original.jpg', 'att/1/w320.webp', 'att-other/x.bin', 'other/y.bin']) {
        await store.put(`${p}/${k}`, Buffer.from(k), { contentType: 'application/octet-stream' });
      }
      expect((await store.list(`${p}/att/`)).map((m) => m.key)).toEqual([
        `${p}/att/1/original.jpg`,
        `${p}/att/1/w320.webp`,
        `${p}/att/2/w320.webp`,
      ]);
      const listed = await store.list(`${p}/att/1/`);
      expect(listed).toEqual([
        { key: `${p}/att/1/original.jpg`, size: 18, contentType: 'application/octet-stream' },
        { key: `${p}/att/1/w320.webp`, size: 15, contentType: 'application/octet-stream' },
      ]);
      expect(await store.deletePrefix(`${p}/att/`)).toBe(3);
      expect(await store.list(`${p}/att/`)).toEqual([]);
      expect((await store.list(`${p}/`)).map((m) => m.key)).toEqual([`${p}/att-other/x.bin`, `${p}/other/y.bin`]);
    });

    it('leaves nothing stored when the body stream fails part-way, and throws its error', async () => {
      const store = open();
      const p = prefix();
      const key = `${p}/cut.bin`;
      await expect(
        store.put(key, chunked(randomBytes(7 * 1024 * 1024), 6 * 1024 * 1024), { contentType: 'image/jpeg' }),
      ).rejects.toThrow('cut off');
      expect(await store.head(key)).toBeNull();
      expect(await store.list(`${p}/`)).toEqual([]);
    });

    it('refuses keys that could leave its namespace', async () => {
      const store = open();
      for (const key of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', '', 'a/./b']) {
        await expect(store.put(key, Buffer.from('x'), { contentType: 'text/plain' }), key).rejects.toThrow(/invalid blob key/);
      }
    });
  });
}
