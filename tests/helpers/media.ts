import sharp from 'sharp';
import type { TestServer } from './server.ts';

/** Uploads one file as `multipart/form-data` (part `file`) with a bearer token; the answer parsed when JSON. */
export async function uploadFile(
  server: TestServer,
  token: string | null,
  planId: string,
  data: Uint8Array,
  fileName: string,
  contentType = 'application/octet-stream',
): Promise<{ status: number; body: any; headers: Headers }> {
  return uploadTo(server, token, `/api/plans/${planId}/attachments`, data, fileName, contentType);
}

/** Uploads one file as `multipart/form-data` (part `file`) to `path` (with its query) with a bearer token. */
export async function uploadTo(
  server: TestServer,
  token: string | null,
  path: string,
  data: Uint8Array,
  fileName: string,
  contentType = 'application/octet-stream',
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: contentType }), fileName);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: form });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

/** A small PNG (a coloured square). */
export function smallPng(size = 24, colour = { r: 200, g: 40, b: 90 }): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

/** A phone photo: a JPEG of `width`×`height` pixels carrying EXIF with GPS coordinates and an orientation. */
export function jpegWithGps(width: number, height: number, orientation = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .withExif({
      IFD0: { Make: 'Testphone', Model: 'GPS 1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 4500/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '7/1 28/1 1200/100',
      },
    })
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
}

/** Whether a JPEG/WebP/PNG still carries GPS data: its EXIF block holds the GPS IFD pointer tag (0x8825). */
export async function hasGps(data: Buffer): Promise<boolean> {
  const { exif } = await sharp(data).metadata();
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}
