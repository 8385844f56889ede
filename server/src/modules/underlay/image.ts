import { loadSharp, renderPdf } from '../media/pipeline.ts';

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

/**
 * Image types accepted by content (file-type's answer). HEIC only where sharp can decode it (`heic`:
 * the media pipeline's `heicSupported()`).
 */
export function acceptedImage(mime: string, heic: boolean): boolean {
  if (mime === 'image/heic' || mime === 'image/heif') return heic;
  return mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/webp' || mime === 'image/avif';
}

export interface UnderlayImage {
  data: Buffer;
  contentType: 'image/webp';
  width: number;
  height: number;
}

/**
 * Renders the served image of an upload. A PDF (a floor plan exported from CAD, or a scan saved as PDF)
 * is drawn first: its first page, by the media capability's MuPDF renderer (npm's sharp cannot read PDF).
 */
export async function renderUnderlay(input: Buffer, contentType: string): Promise<UnderlayImage> {
  const source = contentType === 'application/pdf' ? (await renderPdf(input)).png : input;
  const sharp = await loadSharp();
  const { data, info } = await sharp(source, { limitInputPixels: PIXEL_LIMIT, failOn: 'error' })
    .rotate()
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    // Line drawings: near-lossless keeps thin lines and small print legible at a reasonable size.
    .webp({ quality: 90, nearLossless: false, smartSubsample: true })
    .timeout({ seconds: 60 })
    .toBuffer({ resolveWithObject: true });
  return { data, contentType: 'image/webp', width: info.width, height: info.height };
}
