/// <reference path="./heic-decode.d.ts" />
import type { default as SharpFn, Sharp } from 'sharp';
import { IMAGE_WIDTHS } from '@planner/shared';

/**
 * The media pipeline (issue 17), pure functions on bytes: images are auto-rotated, stripped of every
 * metadata block (EXIF with GPS, XMP, IPTC; sharp writes none unless asked to), re-encoded as the
 * served original and as responsive widths in WebP and AVIF, with a tiny blurred placeholder and the dominant
 * colour; HEIC (HEVC-coded, what phones write) is decoded by libheif in WASM when sharp's build cannot;
 * PDFs give their page count and a rendering of their first page (MuPDF in WASM).
 *
 * sharp (libvips), pdf-lib and libheif are loaded on first use, not when the server starts: an idle
 * server does not pay their memory (issue 19; BENCHMARKS.md, Embedded footprint).
 */

/** sharp, loaded on first use (the module system keeps it once loaded). */
export async function loadSharp(): Promise<typeof SharpFn> {
  return (await import('sharp')).default;
}

/** Types accepted by content (file-type's answer), and what they become. */
export const ACCEPTED = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/avif': 'image',
  'image/heic': 'image',
  'image/heif': 'image',
  'application/pdf': 'pdf',
} as const;
export type AcceptedType = keyof typeof ACCEPTED;

/** Whether this sharp build can decode HEIC (HEVC-coded HEIF) itself. The prebuilt binaries of npm cannot (only AVIF). */
export async function heicSupported(): Promise<boolean> {
  const sharp = await loadSharp();
  const suffixes: string[] = sharp.format.heif?.input?.fileSuffix ?? [];
  return suffixes.includes('.heic');
}

/**
 * A HEIC/HEIF upload as lossless PNG pixels that sharp reads: sharp itself where its build decodes HEVC,
 * else libheif (heic-decode, WASM; it applies the file's rotation and mirroring). The size is checked
 * from the header before anything is decoded. Metadata (EXIF with GPS) does not survive: raw pixels carry none.
 */
export async function heicToPng(input: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  if (await heicSupported()) return sharp(input, { limitInputPixels: PIXEL_LIMIT }).rotate().png().toBuffer();
  const { default: decodeHeic } = await import('heic-decode');
  const images = await decodeHeic.all({ buffer: input });
  try {
    const first = images[0];
    if (!first) throw new Error('HEIC: no image');
    if (first.width * first.height > PIXEL_LIMIT) throw new Error('Input image exceeds pixel limit');
    const { width, height, data } = await first.decode();
    return await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
  } finally {
    images.dispose();
  }
}

const isHeic = (contentType: string) => contentType === 'image/heic' || contentType === 'image/heif';

export interface EncodedImage {
  name: string;
  contentType: string;
  data: Buffer;
  width: number;
  height: number;
}

export interface ProcessedImage {
  original: EncodedImage;
  sizes: EncodedImage[];
  placeholder: string;
  dominantColor: string;
  width: number;
  height: number;
}

/** Guards against decompression bombs: at most ~100 megapixels. */
const PIXEL_LIMIT = 100_000_000;

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** The served original keeps the upload's format (HEIC becomes JPEG); metadata is never written. */
function encodeOriginal(img: Sharp, contentType: string): { img: Sharp; contentType: string; ext: string } {
  switch (contentType) {
    case 'image/png':
      return { img: img.png({ compressionLevel: 9 }), contentType, ext: 'png' };
    case 'image/webp':
      return { img: img.webp({ quality: 90 }), contentType, ext: 'webp' };
    case 'image/avif':
      return { img: img.avif({ quality: 70 }), contentType, ext: 'avif' };
    default:
      // libjpeg, not mozjpeg: as good at this quality and about 15 times faster on a 12-megapixel photo.
      return { img: img.jpeg({ quality: 90 }), contentType: 'image/jpeg', ext: 'jpg' };
  }
}

export async function processImage(upload: Buffer, uploadType: string): Promise<ProcessedImage> {
  // HEIC becomes pixels first; its served original is a JPEG (encodeOriginal's default).
  const input = isHeic(uploadType) ? await heicToPng(upload) : upload;
  const contentType = isHeic(uploadType) ? 'image/jpeg' : uploadType;
  const sharp = await loadSharp();
  // A job that takes longer than a minute is stuck (or an attack): it fails, and the queue goes on.
  const base = () => sharp(input, { limitInputPixels: PIXEL_LIMIT, failOn: 'error' }).rotate().timeout({ seconds: 60 });
  // The oriented size: EXIF orientations 5–8 swap width and height.
  const meta = await sharp(input, { limitInputPixels: PIXEL_LIMIT }).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;

  const orig = encodeOriginal(base(), contentType);
  const originalData = await orig.img.toBuffer();
  const original: EncodedImage = { name: 'original', contentType: orig.contentType, data: originalData, width, height };

  // Each width narrower than the image, and at least the smallest (at the image's own width if smaller),
  // as WebP (every browser) and AVIF (smaller; effort 2 keeps the encoder quick on two cores).
  const widths = IMAGE_WIDTHS.filter((w, i) => w < width || i === 0);
  const sizes: EncodedImage[] = [];
  for (const [prefix, contentType] of [
    ['w', 'image/webp'],
    ['avif', 'image/avif'],
  ] as const) {
    for (const w of widths) {
      const resized = base().resize({ width: w, withoutEnlargement: true });
      const encoded = prefix === 'w' ? resized.webp({ quality: 80 }) : resized.avif({ quality: 50, effort: 2 });
      const { data, info: out } = await encoded.toBuffer({ resolveWithObject: true });
      sizes.push({ name: `${prefix}${w}`, contentType, data, width: out.width, height: out.height });
    }
  }

  const tiny = await base().resize({ width: 16, height: 16, fit: 'inside' }).blur(1).webp({ quality: 40 }).toBuffer();
  const { dominant } = await sharp(input, { limitInputPixels: PIXEL_LIMIT }).stats();
  return {
    original,
    sizes,
    placeholder: `data:image/webp;base64,${tiny.toString('base64')}`,
    dominantColor: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`,
    width,
    height,
  };
}

/** The original's file name extension for a content type. */
export function extensionOf(contentType: string): string {
  return { 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif', 'application/pdf': 'pdf' }[contentType] ?? 'jpg';
}

/** A PDF's page count (pdf-lib, pure JS): the fallback when MuPDF cannot open the file. */
export async function pdfPageCount(input: Buffer): Promise<number> {
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(input, { ignoreEncryption: true, updateMetadata: false });
  return doc.getPageCount();
}

/** The longer side of a PDF's first-page rendering, in pixels. */
const PDF_PREVIEW_PX = 1600;

/**
 * A PDF's page count and its first page rendered as a PNG (MuPDF's official WASM build, loaded on first
 * use; no binaries). The page is scaled so that its longer side is {@link PDF_PREVIEW_PX} pixels, on white.
 */
export async function renderPdf(input: Buffer): Promise<{ pageCount: number; png: Buffer; width: number; height: number }> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(input, 'application/pdf');
  try {
    const pageCount = doc.countPages();
    if (pageCount < 1) throw new Error('PDF without pages');
    const page = doc.loadPage(0);
    try {
      const [x0, y0, x1, y1] = page.getBounds();
      const longer = Math.max(x1 - x0, y1 - y0, 1);
      const scale = Math.min(PDF_PREVIEW_PX / longer, 8);
      const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
      try {
        const png = Buffer.from(pixmap.asPNG());
        return { pageCount, png, width: pixmap.getWidth(), height: pixmap.getHeight() };
      } finally {
        pixmap.destroy();
      }
    } finally {
      page.destroy();
    }
  } finally {
    doc.destroy();
  }
}
