import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkKey, checkPrefix, type BlobMeta, type BlobStore } from './blob-store.ts';

/**
 * Blobs as files under one folder (`DATA_DIR/blobs` on the embedded default): `data/<key>` holds the
 * bytes, `meta/<key>.json` the content type. A put streams into `tmp/` and renames into place, so a
 * failed or cut-off upload leaves nothing under `data/`.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private dataPath(key: string) {
    return path.join(this.root, 'data', ...checkKey(key).split('/'));
  }
  private metaPath(key: string) {
    return path.join(this.root, 'meta', ...`${checkKey(key)}.json`.split('/'));
  }

  async put(key: string, body: Readable | Buffer, opts: { contentType: string }): Promise<BlobMeta> {
    const target = this.dataPath(key);
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(tmp));
      const { size } = await stat(tmp);
      await mkdir(path.dirname(target), { recursive: true });
      const metaFile = this.metaPath(key);
      await mkdir(path.dirname(metaFile), { recursive: true });
      await writeFile(metaFile, JSON.stringify({ contentType: opts.contentType }));
      await rename(tmp, target);
      return { key, size, contentType: opts.contentType };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async head(key: string): Promise<BlobMeta | null> {
    try {
      const { size } = await stat(this.dataPath(key));
      return { key, size, contentType: await this.contentType(key) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  private async contentType(key: string): Promise<string> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')).contentType ?? 'application/octet-stream';
    } catch {
      return 'application/octet-stream';
    }
  }

  async get(key: string): Promise<{ body: Readable; meta: BlobMeta } | null> {
    const meta = await this.head(key);
    if (!meta) return null;
    return { body: createReadStream(this.dataPath(key)), meta };
  }

  async delete(key: string): Promise<void> {
    await rm(this.dataPath(key), { force: true });
    await rm(this.metaPath(key), { force: true });
  }

  async list(prefix: string): Promise<BlobMeta[]> {
    checkPrefix(prefix);
    const dataRoot = path.join(this.root, 'data');
    // Walk only the folder the prefix names (up to its last `/`), then filter by the full prefix.
    const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys: string[] = [];
    const walk = async (rel: string) => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(path.join(dataRoot, ...rel.split('/').filter(Boolean)), { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        const k = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(k);
        else if (k.startsWith(prefix)) keys.push(k);
      }
    };
    await walk(dirPart);
    keys.sort();
    const metas = await Promise.all(keys.map((k) => this.head(k)));
    return metas.filter((m): m is BlobMeta => m !== null);
  }

  async deletePrefix(prefix: string): Promise<number> {
    const blobs = await this.list(prefix);
    for (const b of blobs) await this.delete(b.key);
    return blobs.length;
  }

  async close(): Promise<void> {}
}
