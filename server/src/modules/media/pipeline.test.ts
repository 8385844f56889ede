import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument as PdfDoc, rgb } from 'pdf-lib';
import { heicSupported, heicToPng, pdfPageCount, processImage, renderPdf } from './pipeline.ts';
import { JobQueue } from './queue.ts';

/** A JPEG of width×height with EXIF carrying GPS, and an EXIF orientation. */
function phonePhoto(width: number, height: number, orientation: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 140, b: 60 } } })
    .withExif({ IFD0: { Make: 'Testphone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 4500/100' } })
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
}

/** CRC-32 as PNG chunks use it. */
function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** The GPS IFD pointer tag (0x8825) in either byte order inside the EXIF block. */
const gpsIn = (exif: Buffer | undefined) =>
  !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));

describe('the image pipeline', () => {
  it('auto-rotates, strips EXIF with GPS from the original and every width, and gives a placeholder', async () => {
    const input = await phonePhoto(1200, 600, 6);
    expect(gpsIn((await sharp(input).metadata()).exif)).toBe(true); // the fixture really carries GPS
    const out = await processImage(input, 'image/jpeg');
    // Orientation 6 turns the 1200×600 pixels into a 600×1200 picture.
    expect([out.width, out.height]).toEqual([600, 1200]);
    expect(out.original.contentType).toBe('image/jpeg');
    expect(out.sizes.map((s) => [s.name, s.contentType, s.width, s.height])).toEqual([
      ['w320', 'image/webp', 320, 640],
      ['avif320', 'image/avif', 320, 640],
    ]);
    for (const img of [out.original, ...out.sizes]) {
      const meta = await sharp(img.data).metadata();
      expect(meta.exif, img.name).toBeUndefined();
      expect(meta.orientation ?? 1, img.name).toBe(1);
      expect([meta.width, meta.height]).toEqual([img.width, img.height]);
    }
    expect(out.placeholder).toMatch(/^data:image\/webp;base64,/);
    expect(out.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('strips GPS from PNG, WebP and AVIF uploads too', async () => {
    for (const format of ['png', 'webp', 'avif'] as const) {
      const input = await sharp({ create: { width: 500, height: 400, channels: 3, background: '#345' } })
        .withExif({ IFD0: { Make: 'Testphone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 4500/100' } })
        [format]()
        .toBuffer();
      expect(gpsIn((await sharp(input).metadata()).exif), `${format} fixture carries GPS`).toBe(true);
      const out = await processImage(input, `image/${format}`);
      expect(out.original.contentType).toBe(`image/${format}`);
      for (const img of [out.original, ...out.sizes])
        expect((await sharp(img.data).metadata()).exif, `${format} ${img.name}`).toBeUndefined();
    }
  });

  it('makes each width narrower than the image in WebP and AVIF, and keeps PNG originals as PNG', async () => {
    const png = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const out = await processImage(png, 'image/png');
    expect(out.sizes.map((s) => `${s.name}:${s.width}:${s.contentType}`)).toEqual([
      'w320:320:image/webp',
      'w960:960:image/webp',
      'w1920:1920:image/webp',
      'avif320:320:image/avif',
      'avif960:960:image/avif',
      'avif1920:1920:image/avif',
    ]);
    for (const s of out.sizes)
      expect((await sharp(s.data).metadata()).format).toBe(s.contentType === 'image/avif' ? 'heif' : 'webp');
    expect(out.original.contentType).toBe('image/png');
    // A pure red image: the dominant colour is red (sharp's histogram bins round it).
    expect(Number.parseInt(out.dominantColor.slice(1, 3), 16)).toBeGreaterThan(200);
    expect(Number.parseInt(out.dominantColor.slice(3, 5), 16)).toBeLessThan(40);
  });

  it('refuses a decompression bomb by its header, without decoding it (over 100 megapixels)', async () => {
    // A real 1×1 PNG whose header then claims 15000×15000 pixels (225 MP: over our limit, under sharp's default of 268 MP) (CRC fixed, so only the size is wrong).
    const png = Buffer.from(
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    png.writeUInt32BE(15000, 16);
    png.writeUInt32BE(15000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    expect((await sharp(png, { limitInputPixels: false }).metadata()).width).toBe(15000);
    await expect(processImage(png, 'image/png')).rejects.toThrow(/pixel limit/);
  });

  it('fails on bytes that only look like an image', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]);
    await expect(processImage(fake, 'image/jpeg')).rejects.toThrow();
  });

  it('counts the pages of a PDF', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addPage();
    doc.addPage();
    expect(await pdfPageCount(Buffer.from(await doc.save()))).toBe(3);
  });

  it('converts a HEVC-coded HEIC through libheif (WASM) into pixels, and the pipeline serves it as JPEG', async () => {
    const heic = readFileSync(path.join(import.meta.dirname, '../../../../tests/fixtures/two-colours.heic'));
    const png = await heicToPng(heic);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([64, 48]);
    const at = (x: number) => [...data.subarray((24 * 64 + x) * info.channels, (24 * 64 + x) * info.channels + 3)];
    expect(at(8)[0]).toBeGreaterThan(150); // red on the left
    expect(at(56)[2]).toBeGreaterThan(150); // blue on the right
    const out = await processImage(heic, 'image/heic');
    expect(out.original.contentType).toBe('image/jpeg');
    expect((await sharp(out.original.data).metadata()).format).toBe('jpeg');
    await expect(heicToPng(Buffer.concat([heic.subarray(0, 40), Buffer.alloc(200)]))).rejects.toThrow();
  });

  it('renders a PDF’s first page (MuPDF, WASM) at 1600 px on its longer side and counts its pages', async () => {
    const doc = await PdfDoc.create();
    doc.addPage([842, 595]).drawRectangle({ x: 0, y: 0, width: 421, height: 595, color: rgb(0, 0, 1) });
    doc.addPage();
    const out = await renderPdf(Buffer.from(await doc.save()));
    expect(out.pageCount).toBe(2);
    expect([out.width, out.height]).toEqual([1600, Math.round((595 / 842) * 1600)]);
    const { data, info } = await sharp(out.png).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number) => [
      ...data.subarray((200 * info.width + x) * info.channels, (200 * info.width + x) * info.channels + 3),
    ];
    expect(px(100)).toEqual([0, 0, 255]);
    expect(px(1500)).toEqual([255, 255, 255]);
    await expect(renderPdf(Buffer.from('%PDF-1.7\nnothing here'))).rejects.toThrow();
  });

  it('knows whether this sharp build converts HEIC (the npm binaries do not)', async () => {
    const suffixes: string[] = sharp.format.heif?.input?.fileSuffix ?? [];
    expect(await heicSupported()).toBe(suffixes.includes('.heic'));
  });
});

describe('the job queue', () => {
  it('runs jobs one at a time in order, survives a failing one, and reports idle', async () => {
    const errors: unknown[] = [];
    const q = new JobQueue((e) => errors.push(e));
    const order: number[] = [];
    let running = 0;
    let most = 0;
    for (const n of [1, 2, 3]) {
      q.push(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(n);
        running--;
        if (n === 2) throw new Error('kaputt');
      });
    }
    await q.idle();
    expect(order).toEqual([1, 2, 3]);
    expect(most).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
