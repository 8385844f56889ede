import { number } from '$lib/format';

/** Geometry helpers for drawing and typing floor outlines (cm in, m shown). */
export type Pt = { x: number; y: number };

export function bounds(pts: Pt[]) {
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const minX = Math.min(...xs),
    maxX = Math.max(...xs),
    minY = Math.min(...ys),
    maxY = Math.max(...ys);
  return { minX, maxX, minY, maxY, w: maxX - minX, h: maxY - minY };
}

/** Shoelace area in m² of an outline in cm. */
export function areaM2(pts: Pt[]): number {
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i],
      b = pts[(i + 1) % pts.length];
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2 / 10_000;
}

/** cm as metres in the current language ("9,5" in German). */
export const metres = (cm: number) => number(Math.round(cm) / 100, 2);

/** "x y" per line, in metres (comma or dot decimals; separated by space, semicolon or tab). */
export function parseOutlineText(text: string): { points: Pt[]; errorLine: number | null } {
  const points: Pt[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const parts = line.split(/[\s;|]+/).filter(Boolean);
    if (parts.length !== 2) return { points, errorLine: i + 1 };
    const [x, y] = parts.map((p) => Number(p.replace(',', '.')));
    if (!Number.isFinite(x) || !Number.isFinite(y)) return { points, errorLine: i + 1 };
    points.push({ x: Math.round(x * 100), y: Math.round(y * 100) });
  }
  return { points, errorLine: null };
}

export function outlineToText(pts: Pt[]): string {
  return pts.map((p) => `${p.x / 100} ${p.y / 100}`).join('\n');
}

/** Whether segments ab and cd cross (touching at shared end points does not count). */
function crosses(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o = (p: Pt, q: Pt, r: Pt) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

/** A reason the outline cannot be saved, as an i18n key, or null. */
export function outlineProblem(pts: Pt[]): string | null {
  if (pts.length < 3) return 'outline.tooFew';
  if (areaM2(pts) <= 0) return 'outline.zeroArea';
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(i - j) <= 1 || (i === 0 && j === n - 1)) continue;
      if (crosses(pts[i], pts[(i + 1) % n], pts[j], pts[(j + 1) % n])) return 'outline.selfIntersecting';
    }
  }
  return null;
}
