import { inflateSync } from 'node:zlib';
import type { TestServer } from '../../helpers/server.ts';

/** A GET with a bearer token, the body kept as bytes. */
export async function download(server: TestServer, token: string | null, path: string) {
  const res = await fetch(server.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/**
 * The strings a PDF draws, in drawing order: every content stream is inflated (pdf-lib compresses them)
 * and the operands of `Tj` are decoded (hex strings of WinAnsi bytes, which match Latin-1 for the
 * characters used here, or literal strings).
 */
export function pdfStrings(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const data = pdf.subarray(start, end);
    let text: string;
    try {
      text = inflateSync(data).toString('latin1');
    } catch {
      text = data.toString('latin1');
    }
    for (const t of text.matchAll(/<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      out.push(t[1] !== undefined ? Buffer.from(t[1].replace(/\s+/g, ''), 'hex').toString('latin1') : t[2]);
    }
    streams.lastIndex = end;
  }
  return out;
}
