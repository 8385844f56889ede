import { createHash } from 'node:crypto';
import type { BlobStore } from '../../platform/blobs/index.ts';
import { extensionOf, processImage } from './pipeline.ts';
import type { StoredVariant } from './repo.ts';

export interface StoredImage {
  variants: StoredVariant[];
  width: number;
  height: number;
  placeholder: string;
  dominantColor: string;
  /** sha256 of the cleaned original: the public URL's name (a different picture is a different URL). */
  hash: string;
}

/**
 * Runs an upload through the image pipeline and stores what is served under `prefix`: the cleaned
 * original (as `originalName`) and the widths in WebP and AVIF (issue 17). Shared by plan attachments,
 * PDF previews and storefront photos.
 */
export async function storeImage(
  blobs: BlobStore,
  prefix: string,
  data: Buffer,
  contentType: string,
  originalName = 'original',
): Promise<StoredImage> {
  const out = await processImage(data, contentType);
  const variants: StoredVariant[] = [];
  for (const img of [{ ...out.original, name: originalName }, ...out.sizes]) {
    const key = `${prefix}${img.name}.${extensionOf(img.contentType)}`;
    await blobs.put(key, img.data, { contentType: img.contentType });
    variants.push({
      name: img.name,
      contentType: img.contentType,
      width: img.width,
      height: img.height,
      bytes: img.data.length,
      key,
    });
  }
  return {
    variants,
    width: out.width,
    height: out.height,
    placeholder: out.placeholder,
    dominantColor: out.dominantColor,
    hash: createHash('sha256').update(out.original.data).digest('hex'),
  };
}

/** Reads a blob whole (processing needs the bytes). */
export async function readBlob(blobs: BlobStore, key: string): Promise<Buffer> {
  const blob = await blobs.get(key);
  if (!blob) throw new Error(`blob ${key} is missing`);
  const chunks: Buffer[] = [];
  for await (const c of blob.body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** The file name of a public variant: `w960.webp`, `original.jpg` … */
export const publicFileName = (v: StoredVariant) => `${v.name}.${extensionOf(v.contentType)}`;

/** The variant public pages show: the 960 px WebP, else the widest WebP (a small image has only w320). */
export function publicVariant(variants: StoredVariant[]): StoredVariant | undefined {
  const webp = variants.filter((v) => v.contentType === 'image/webp' && (v.width ?? 0) <= 960);
  return webp.sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0];
}

/** A public image's URL: `/media/public/<sha256>/<variant>.<ext>`. */
export const publicUrl = (hash: string, v: StoredVariant) => `/media/public/${hash}/${publicFileName(v)}`;
