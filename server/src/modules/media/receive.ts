import { PassThrough, type Readable } from 'node:stream';
import type { BlobMeta, BlobStore } from '../../platform/blobs/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '@planner/shared';
import { ACCEPTED, type AcceptedType } from './pipeline.ts';

/** The multipart field an upload's file comes in. */
export const FILE_FIELD = 'file';

/** Bytes file-type reads to decide a type (its reasonable detection size). */
const SNIFF_BYTES = 4100;

export interface IncomingFile {
  /** The file's bytes as they arrive (the multipart part's stream). */
  stream: Readable & { truncated?: boolean };
  fileName: string;
}

/**
 * Streams one upload into the BlobStore (issue 17): the first bytes decide the type by content (415
 * for anything not in {@link ACCEPTED} of the allowed `kinds`); past `limit` bytes it is `tooLarge()`
 * and nothing stays stored. The file stream is always read to its end. Returns the type, key and blob.
 */
export async function receiveUpload(
  blobs: BlobStore,
  file: IncomingFile,
  opts: {
    limit: number;
    tooLarge: () => AppError;
    kinds: readonly ('image' | 'pdf')[];
    /** A narrower test within `kinds` (e.g. the underlay, which cannot draw HEIC); refused types get `unsupportedKey`. */
    accepts?: (type: AcceptedType) => boolean;
    unsupportedKey?: MessageKey;
    keyFor: (type: AcceptedType) => string;
  },
): Promise<{ type: AcceptedType; key: string; blob: BlobMeta }> {
  const { limit, tooLarge } = opts;
  let failure: AppError | Error | null = limit <= 0 ? tooLarge() : null;
  // Set once the type is decided: the blob's key and its put, which reads from `sink`.
  const stored: { type: AcceptedType | null; key: string; put: Promise<BlobMeta> | null } = { type: null, key: '', put: null };
  const sink = new PassThrough();
  // Its failure reaches the store's put (which cleans up); without a put it has no reader.
  sink.on('error', () => {});
  const head: Buffer[] = [];
  let headBytes = 0;
  let total = 0;

  const decide = async () => {
    const sample = Buffer.concat(head);
    // file-type loads on the first upload, not at start (issue 19).
    const { fileTypeFromBuffer } = await import('file-type');
    const found = await fileTypeFromBuffer(sample);
    const mime = found?.mime ?? 'unbekannt';
    const known = found && found.mime in ACCEPTED ? (found.mime as AcceptedType) : null;
    if (!known || !opts.kinds.includes(ACCEPTED[known]) || (opts.accepts && !opts.accepts(known))) {
      const key = opts.unsupportedKey ?? (opts.kinds.includes('pdf') ? 'media.unsupportedType' : 'media.imageOnly');
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', key, { field: FILE_FIELD, found: mime });
    }
    const type = known;
    stored.type = type;
    stored.key = opts.keyFor(type);
    stored.put = blobs.put(stored.key, sink, { contentType: type });
    // Its failure is read below; until then it must not count as unhandled.
    stored.put.catch(() => {});
    await write(sample);
  };
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      sink.write(chunk, (err) => (err ? reject(err) : resolve()));
    });

  for await (const raw of file.stream) {
    if (failure) continue; // drain: the request is read to its end, nothing more is kept
    const chunk = raw as Buffer;
    total += chunk.length;
    try {
      if (total > limit) throw tooLarge();
      if (!stored.type) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= SNIFF_BYTES) await decide();
      } else {
        await write(chunk);
      }
    } catch (err) {
      failure = err as Error;
    }
  }
  if (!failure && file.stream.truncated) failure = tooLarge();
  if (!failure && !stored.type) {
    if (total === 0) failure = new AppError('VALIDATION', 'media.fileMissing', { field: FILE_FIELD });
    else await decide().catch((err: Error) => (failure = err));
  }
  if (failure) {
    sink.destroy(failure);
    if (stored.put !== null) await stored.put.catch(() => {});
    if (stored.key) await blobs.delete(stored.key).catch(() => {});
    throw failure;
  }
  if (stored.put === null || stored.type === null) throw new Error('upload: no type decided');
  sink.end();
  const blob = await stored.put;
  return { type: stored.type, key: stored.key, blob };
}

/**
 * A file name as shown: the base name, without control characters or lone surrogates, at most 200
 * characters; `fallback` when nothing is left.
 */
export function cleanName(name: string, fallback = 'datei'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return c >= 0x20 && c !== 0x7f && !(c >= 0xd800 && c <= 0xdfff);
    })
    .join('')
    .trim()
    .slice(0, 200);
  return clean || fallback;
}
