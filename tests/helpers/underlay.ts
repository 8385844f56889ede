import sharp from 'sharp';
import type { TestServer } from './server.ts';

/** Uploads a floor-plan underlay (`multipart/form-data`, part `file`) with a bearer token; the answer parsed when JSON. */
export async function uploadUnderlay(
  server: TestServer,
  token: string | null,
  storefrontId: string,
  data: Uint8Array,
  fileName = 'grundriss.png',
  contentType = 'image/png',
): Promise<{ status: number; body: any; headers: Headers }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: contentType }), fileName);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}/api/storefronts/${storefrontId}/underlay`, { method: 'POST', headers, body: form });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

/**
 * A scanned floor plan: a light `width`×`height` PNG with a dark cross-hair mark (a ring and a dot) at
 * each of `marks` (image pixels), the two ends of a known distance.
 */
export function floorPlanPng(width: number, height: number, marks: { x: number; y: number }[]): Promise<Buffer> {
  const shapes = marks
    .map(
      (m) =>
        `<circle cx="${m.x}" cy="${m.y}" r="9" fill="none" stroke="#b00020" stroke-width="3"/>` +
        `<circle cx="${m.x}" cy="${m.y}" r="2.5" fill="#b00020"/>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#f4f1e8"/>
    <rect x="20" y="20" width="${width - 40}" height="${height - 40}" fill="none" stroke="#333" stroke-width="6"/>
    <line x1="${marks[0]?.x ?? 0}" y1="${(marks[0]?.y ?? 0) + 30}" x2="${marks[1]?.x ?? 0}" y2="${(marks[1]?.y ?? 0) + 30}" stroke="#333" stroke-width="2"/>
    ${shapes}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
