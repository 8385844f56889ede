import sharp from 'sharp';
import { heicSupported } from '../media/pipeline.ts';

/**
 * The underlay's image (issue 17), pure functions on bytes. A floor plan is drawn at its own pixel
 * size (the calibration points are pixels of the served image), so there is one served image: the
 * upload auto-rotated, without any metadata (EXIF with GPS, XMP, IPTC: sharp writes none unless asked),
 * at most {@link MAX_SIDE} pixels on its longer side, as WebP.
 */

/** Longest side of the served image: sharp enough for an A3 scan on a large screen, small enough for phones. */
export const MAX_SIDE = 4096;

/** Guards against decompression bombs: at most ~100 megapixels. */
const PIXEL_LIMIT = 100_000_000;

/** Image types accepted by content (file-type's answer). HEIC only where sharp can decode it. */
export function acceptedImage(mime: string): boolean {
  if (mime === 'image/heic' || mime === 'image/heif') return heicSupported();
  return mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/webp' || mime === 'image/avif';
}

/** Whether this sharp build can render a PDF page (libvips with poppler or PDFium; npm's prebuilt sharp cannot). */
export function pdfRenderable(): boolean {
  return sharp.format.pdf?.input?.buffer === true;
}

export interface UnderlayImage {
  data: Buffer;
  contentType: 'image/webp';
  width: number;
  height: number;
}

/** Renders the served image of an upload (a PDF's first page at 150 dpi where sharp can). */
export async function renderUnderlay(input: Buffer, contentType: string): Promise<UnderlayImage> {
  const pdf = contentType === 'application/pdf';
  const { data, info } = await sharp(input, {
    limitInputPixels: PIXEL_LIMIT,
    failOn: 'error',
    ...(pdf ? { page: 0, density: 150 } : {}),
  })
    .rotate()
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    // Line drawings: near-lossless keeps thin lines and small print legible at a reasonable size.
    .webp({ quality: 90, nearLossless: false, smartSubsample: true })
    .timeout({ seconds: 60 })
    .toBuffer({ resolveWithObject: true });
  return { data, contentType: 'image/webp', width: info.width, height: info.height };
}
